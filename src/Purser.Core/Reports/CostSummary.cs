namespace Purser.Reports;

/// <summary>Totals for the standard windows (24 h, 7 d, 30 d, all time) plus the requested report.</summary>
public sealed record CostSummary(IReadOnlyDictionary<string, CostTotals> Periods, CostReport Report);
