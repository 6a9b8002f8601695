namespace Purser.Alerts;

/// <summary>One fired alert: a budget crossed a level (or refused a call) in a window.</summary>
internal sealed record BudgetAlert
{
    public DateTimeOffset Timestamp { get; init; }

    public required string Budget { get; init; }

    /// <summary>The scope value ("" for global).</summary>
    public string Value { get; init; } = "";

    /// <summary>"global", "project alpha", "each user".</summary>
    public string Scope { get; init; } = "global";

    public string Window { get; init; } = "daily";

    public DateTimeOffset WindowStart { get; init; }

    public DateTimeOffset? ResetsAt { get; init; }

    /// <summary>The level in percent (50, 70, …, 100).</summary>
    public int Level { get; init; }

    /// <summary>"usd" or "tokens".</summary>
    public string Unit { get; init; } = "usd";

    /// <summary>Spend when it fired, in dollars or tokens.</summary>
    public decimal Spent { get; init; }

    public decimal Limit { get; init; }

    /// <summary>Spend as a percentage of the limit.</summary>
    public decimal Percent { get; init; }

    /// <summary>"threshold" (spend crossed the level) or "refused" (the budget refused a call).</summary>
    public string Kind { get; init; } = "threshold";

    public required string Message { get; init; }
}
