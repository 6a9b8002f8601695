using System.Text.Json;

namespace Purser.Reports;

/// <summary>Builds the reports the CLI, the API and the dashboard show, from one store.</summary>
public sealed class CostReporter(ICostReportStore store, TimeProvider time)
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
