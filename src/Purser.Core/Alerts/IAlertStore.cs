namespace Purser.Alerts;

/// <summary>The alert table.</summary>
internal interface IAlertStore
{
    /// <summary>Records alerts; an alert already recorded for the same budget, value, window and level is ignored.</summary>
    void Append(IReadOnlyList<BudgetAlert> alerts);

    /// <summary>The newest alerts first, optionally of one budget.</summary>
    IReadOnlyList<BudgetAlert> List(string? budget, int limit);

    /// <summary>The levels already fired for a budget's window, per scope value (so a restart does not fire them again).</summary>
    IReadOnlyDictionary<string, IReadOnlySet<int>> FiredLevels(string budget, DateTimeOffset windowStart);
}
