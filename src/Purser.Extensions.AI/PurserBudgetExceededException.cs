namespace Purser.Extensions.AI;

/// <summary>A hard budget had no room for the call: nothing was sent upstream and nothing was spent.</summary>
public sealed class PurserBudgetExceededException : PurserException
{
    public PurserBudgetExceededException()
    {
    }

    public PurserBudgetExceededException(string message)
        : base(message)
    {
    }

    public PurserBudgetExceededException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public PurserBudgetExceededException(string message, string requestId, string budget, DateTimeOffset? resetsAt)
        : base(message, "budget_exceeded", 429, "budget_exceeded", requestId)
    {
        Budget = budget;
        ResetsAt = resetsAt;
    }

    /// <summary>The budget that refused the call (e.g. <c>global-daily</c>, <c>key-…</c>, <c>project-…</c>).</summary>
    public string Budget { get; } = "";

    /// <summary>When the budget's period starts over; null for a budget without a period.</summary>
    public DateTimeOffset? ResetsAt { get; }
}
