namespace Purser.Cli.Diagnostics;

/// <summary>How a doctor check came out.</summary>
internal enum DoctorStatus
{
    Ok,
    Warning,
    Failed,
    Skipped,
}
