using Microsoft.Extensions.Logging.Abstractions;
using Purser.Alerts;
using Purser.Budgets;
using Purser.Tests;

namespace Purser.Core.Tests.Budgets;

/// <summary>Spend "in the ledger", set by the test, per budget name and scope value.</summary>
internal sealed class FakeSpendStore : IBudgetSpendStore
{
    public Dictionary<string, Dictionary<string, long>> Spend { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, Dictionary<string, long>> Unpriced { get; } = new(StringComparer.Ordinal);

    public List<(string Budget, DateTimeOffset From, DateTimeOffset? To)> Queries { get; } = [];

    /// <summary>Runs while a budget's spend is read (what happens meanwhile on other threads).</summary>
    public Action<BudgetDefinition>? OnRead { get; set; }

    public IReadOnlyDictionary<string, long> SpendByValue(BudgetDefinition budget, DateTimeOffset from, DateTimeOffset? to)
    {
        Queries.Add((budget.Name, from, to));
        OnRead?.Invoke(budget);
        return Spend.TryGetValue(budget.Name, out var values) ? values : new Dictionary<string, long>();
    }

    public IReadOnlyDictionary<string, long> UnpricedCallsByValue(BudgetDefinition budget, DateTimeOffset from, DateTimeOffset? to) =>
        Unpriced.TryGetValue(budget.Name, out var values) ? values : new Dictionary<string, long>();
}

/// <summary>Keeps every published alert.</summary>
internal sealed class RecordingAlertSink : IAlertSink
{
    private readonly Lock _lock = new();
    private readonly List<BudgetAlert> _alerts = [];

    public IReadOnlyList<BudgetAlert> Alerts
    {
        get
        {
            lock (_lock)
            {
                return [.. _alerts];
            }
        }
    }

    public void Publish(BudgetAlert alert)
    {
        lock (_lock)
        {
            _alerts.Add(alert);
        }
    }
}

internal static class Budget
{
    public static BudgetDefinition Usd(string name, decimal limit, BudgetWindow window = BudgetWindow.Daily, BudgetScope scope = BudgetScope.Global, string? match = null, BudgetMode mode = BudgetMode.Hard) =>
        new() { Name = name, Limit = limit, Window = window, Scope = scope, Match = match, Mode = mode };

    public static BudgetDefinition Tokens(string name, long limit, BudgetWindow window = BudgetWindow.Monthly) =>
        new() { Name = name, Limit = limit, Window = window, Unit = BudgetUnit.Tokens };

    public static long Pico(decimal usd) => BudgetAmounts.ToUnits(usd, BudgetUnit.Usd);

    public static BudgetTracker Tracker(ManualTimeProvider time, FakeSpendStore? spend = null, IAlertSink? sink = null, BudgetOptions? options = null, IAlertStore? alertStore = null) =>
        new(options ?? new BudgetOptions { TimeZone = "UTC" }, new AlertOptions(), time, spend ?? new FakeSpendStore(), alertStore ?? new InMemoryAlertStore(), sink ?? new RecordingAlertSink(), NullLogger<BudgetTracker>.Instance);

    public static List<BudgetScopeEntry> Scope(params BudgetDefinition[] budgets) => [.. budgets.Select(b => new BudgetScopeEntry(b, b.Match ?? ""))];
}
