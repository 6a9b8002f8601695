namespace Purser.Reports;

/// <summary>One bucket of a series for one key (a model, a provider…; "" when the series is not split).</summary>
public sealed record CostSeriesPoint(DateTimeOffset Start, string Key, CostTotals Totals);
