namespace Purser.Cli.Diagnostics;

/// <summary>One line of <c>purser doctor</c>: what was checked, what was found and, when something is wrong, how to fix it.</summary>
internal sealed record DoctorCheck(string Area, DoctorStatus Status, string Detail, string? Fix = null);
