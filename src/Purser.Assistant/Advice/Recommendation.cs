namespace Purser.Assistant.Advice;

/// <summary>One thing to work on next, why, and the command that starts it.</summary>
/// <param name="Priority">Lower comes first: 0 security errors, 1 active notes and spending alarms, 2 weak files, 3 inbox, 4 housekeeping.</param>
internal sealed record Recommendation(int Priority, string Kind, string Title, string Reason, string? Command);
