namespace Purser.Alerts;

/// <summary>Alerts kept in memory only (Purser in process without a database).</summary>
internal sealed class InMemoryAlertStore : IAlertStore
{
    private readonly Lock _lock = new();
    private readonly List<BudgetAlert> _alerts = [];

    public void Append(IReadOnlyList<BudgetAlert> alerts)
    {
        lock (_lock)
        {
            foreach (BudgetAlert alert in alerts)
            {
                if (!_alerts.Any(a => a.Budget == alert.Budget && a.Value == alert.Value && a.WindowStart == alert.WindowStart && a.Level == alert.Level))
                {
                    _alerts.Add(alert);
                }
            }
        }
    }

    public IReadOnlyList<BudgetAlert> List(string? budget, int limit)
    {
        lock (_lock)
        {
            return [.. _alerts.Where(a => budget is null || a.Budget == budget).Reverse().Take(limit)];
        }
    }

    public IReadOnlyDictionary<string, IReadOnlySet<int>> FiredLevels(string budget, DateTimeOffset windowStart)
    {
        lock (_lock)
        {
            return _alerts.Where(a => a.Budget == budget && a.WindowStart == windowStart)
                .GroupBy(a => a.Value, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => (IReadOnlySet<int>)g.Select(a => a.Level).ToHashSet(), StringComparer.Ordinal);
        }
    }
}
