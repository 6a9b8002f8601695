namespace Purser.Reports;

/// <summary>Totals for a range, an optional breakdown (largest cost first) and the most recent calls.</summary>
public sealed record CostReport(DateTimeOffset? Since, DateTimeOffset Until, CostTotals Totals, IReadOnlyList<CostGroup> Groups, IReadOnlyList<RecentCall> Recent);
