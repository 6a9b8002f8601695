using System.Text.Json;

namespace Purser.Reports;

/// <summary>Builds the reports the CLI, the API and the dashboard show, from one store.</summary>
internal sealed class CostReporter(ICostReportStore store, TimeProvider time)
{
    /// <summary>The four standard windows' totals and a report for <paramref name="period"/>.</summary>
    public async Task<CostSummary> SummaryAsync(string period, ReportGrouping? groupBy, int recent, CancellationToken cancellationToken)
    {
        DateTimeOffset now = time.GetUtcNow();
        var periods = new Dictionary<string, CostTotals>(StringComparer.Ordinal);
        foreach (string name in ReportPeriod.Names)
        {
            periods[name] = (await store.QueryAsync(new CostQuery(ReportPeriod.Since(name, now), now.AddMilliseconds(1)), cancellationToken)).Totals;
        }

        CostReport report = await store.QueryAsync(new CostQuery(ReportPeriod.Since(period, now), now.AddMilliseconds(1), groupBy, recent), cancellationToken);
        return new CostSummary(periods, report);
    }

    /// <summary>One period's report (totals, an optional breakdown, recent calls) without the four standard windows.</summary>
    public Task<CostReport> ReportAsync(string period, ReportGrouping? groupBy, int recent, CancellationToken cancellationToken)
    {
        DateTimeOffset now = time.GetUtcNow();
        return store.QueryAsync(new CostQuery(ReportPeriod.Since(period, now), now.AddMilliseconds(1), groupBy, recent), cancellationToken);
    }

    /// <summary>The totals of a period (24h, 7d, 30d) and of the period of the same length just before it.</summary>
    public async Task<(CostTotals Current, CostTotals Previous)> CompareAsync(string period, CancellationToken cancellationToken)
    {
        DateTimeOffset now = time.GetUtcNow();
        DateTimeOffset since = ReportPeriod.Since(period, now) ?? throw new ArgumentException("All time has no previous period.", nameof(period));
        CostReport current = await store.QueryAsync(new CostQuery(since, now.AddMilliseconds(1)), cancellationToken);
        CostReport previous = await store.QueryAsync(new CostQuery(since - (now - since), since), cancellationToken);
        return (current.Totals, previous.Totals);
    }

    /// <summary>Spend over a period in hours (24 hours or less) or days, optionally split by a dimension.</summary>
    public Task<CostSeries> SeriesAsync(string period, ReportBucket? bucket, ReportGrouping? groupBy, CancellationToken cancellationToken)
    {
        if (groupBy == ReportGrouping.Day)
        {
            throw new ArgumentException("A series is already by time: split it by model, provider, project, agent, operation, repository, key, user or tag.", nameof(groupBy));
        }

        DateTimeOffset now = time.GetUtcNow();
        DateTimeOffset? since = ReportPeriod.Since(period, now);
        ReportBucket width = bucket ?? (since is DateTimeOffset start && now - start <= TimeSpan.FromHours(24) ? ReportBucket.Hour : ReportBucket.Day);
        return store.SeriesAsync(new CostSeriesQuery(since, now.AddMilliseconds(1), width, groupBy), cancellationToken);
    }

    public static string ToJson(CostSeries series) => JsonSerializer.Serialize(series, ReportJsonContext.Default.CostSeries);

    public static string ToJson(CostSummary summary) => JsonSerializer.Serialize(summary, ReportJsonContext.Default.CostSummary);

    public static CostSummary? FromJson(string json) => JsonSerializer.Deserialize(json, ReportJsonContext.Default.CostSummary);

    /// <summary>Parses a grouping name (model, provider, project, agent, operation, repository, key, user, tag, day).</summary>
    public static bool TryParseGrouping(string? name, out ReportGrouping? grouping)
    {
        grouping = null;
        if (string.IsNullOrEmpty(name))
        {
            return true;
        }

        if (Enum.TryParse(name, ignoreCase: true, out ReportGrouping parsed) && !int.TryParse(name, out _))
        {
            grouping = parsed;
            return true;
        }

        return false;
    }
}
