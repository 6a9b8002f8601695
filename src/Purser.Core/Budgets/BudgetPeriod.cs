namespace Purser.Budgets;

/// <summary>One window of a budget: from <see cref="Start"/> (inclusive) to <see cref="End"/> (exclusive; null = never).</summary>
internal readonly record struct BudgetPeriod(DateTimeOffset Start, DateTimeOffset? End)
{
    /// <summary>The window of a total budget.</summary>
    public static BudgetPeriod Forever { get; } = new(DateTimeOffset.UnixEpoch, null);

    public bool Contains(DateTimeOffset instant) => instant >= Start && (End is null || instant < End.Value);
}
