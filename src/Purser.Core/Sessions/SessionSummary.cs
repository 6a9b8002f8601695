namespace Purser.Sessions;

/// <summary>What <c>purser run</c> prints when a session ends, <c>purser sessions show</c> and GET /api/sessions/{id}.</summary>
internal sealed record SessionSummary
{
    public required SessionRecord Session { get; init; }

    public required SessionFigures Figures { get; init; }

    public required SessionBudget Budget { get; init; }

    /// <summary>From the start to the end (or to now while the session runs).</summary>
    public double DurationSeconds { get; init; }

    /// <summary>Whether the session is still running (its key not yet revoked).</summary>
    public bool Active { get; init; }
}
