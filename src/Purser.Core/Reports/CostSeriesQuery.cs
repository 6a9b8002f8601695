namespace Purser.Reports;

/// <summary>Spend over time: a range cut into hours or days (UTC), optionally split by a dimension (not by day).</summary>
internal sealed record CostSeriesQuery(DateTimeOffset? Since, DateTimeOffset Until, ReportBucket Bucket, ReportGrouping? GroupBy = null);
