namespace Purser.Reports;

/// <summary>A cost report request: a time range, an optional breakdown and how many recent calls to list.</summary>
internal sealed record CostQuery(DateTimeOffset? Since, DateTimeOffset Until, ReportGrouping? GroupBy = null, int Recent = 0);
