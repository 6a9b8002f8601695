namespace Purser.Reports;

/// <summary>Totals per bucket ("hour" or "day", UTC) and key, oldest first; buckets without calls are left out.</summary>
public sealed record CostSeries(DateTimeOffset? Since, DateTimeOffset Until, string Bucket, string? By, IReadOnlyList<CostSeriesPoint> Points);
