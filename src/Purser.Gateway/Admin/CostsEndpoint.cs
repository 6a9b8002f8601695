using Microsoft.AspNetCore.Http;
using Purser.Reports;

namespace Purser.Gateway.Admin;

/// <summary>
/// GET /api/costs?period=24h|7d|30d|all&amp;by=model|…&amp;recent=N — the same data as <c>purser costs --json</c>;
/// GET /api/costs/series?period=…&amp;by=model|provider|…&amp;bucket=hour|day — spend over time (hourly up to 24 h, daily
/// beyond unless <c>bucket</c> says otherwise), what the dashboard's chart draws.
/// </summary>
internal static class CostsEndpoint
{
    public static async Task HandleAsync(HttpContext http, CostReporter reporter)
    {
        string period = http.Request.Query["period"].FirstOrDefault() ?? "30d";
        string? by = http.Request.Query["by"].FirstOrDefault();
        string? recentText = http.Request.Query["recent"].FirstOrDefault();
        if (!ReportPeriod.IsValid(period))
        {
            await AdminResults.BadRequestAsync(http, $"'period' must be one of {string.Join(", ", ReportPeriod.Names)}; got '{period}'.");
            return;
        }

        if (!CostReporter.TryParseGrouping(by, out ReportGrouping? grouping))
        {
            await AdminResults.BadRequestAsync(http, $"'by' must be one of {string.Join(", ", Enum.GetNames<ReportGrouping>().Select(n => n.ToLowerInvariant()))}; got '{by}'.");
            return;
        }

        int recent = 0;
        if (recentText is not null && (!int.TryParse(recentText, out recent) || recent is < 0 or > 1000))
        {
            await AdminResults.BadRequestAsync(http, "'recent' must be a number from 0 to 1000.");
            return;
        }

        CostSummary summary = await reporter.SummaryAsync(period, grouping, recent, http.RequestAborted);
        await AdminResults.JsonAsync(http, CostReporter.ToJson(summary));
    }

    public static async Task SeriesAsync(HttpContext http, CostReporter reporter)
    {
        string period = http.Request.Query["period"].FirstOrDefault() ?? "30d";
        string? by = http.Request.Query["by"].FirstOrDefault();
        string? bucketText = http.Request.Query["bucket"].FirstOrDefault();
        if (!ReportPeriod.IsValid(period))
        {
            await AdminResults.BadRequestAsync(http, $"'period' must be one of {string.Join(", ", ReportPeriod.Names)}; got '{period}'.");
            return;
        }

        if (!CostReporter.TryParseGrouping(by, out ReportGrouping? grouping) || grouping == ReportGrouping.Day)
        {
            await AdminResults.BadRequestAsync(http, $"'by' must be one of {string.Join(", ", Enum.GetNames<ReportGrouping>().Where(n => n != nameof(ReportGrouping.Day)).Select(n => n.ToLowerInvariant()))}; got '{by}'.");
            return;
        }

        ReportBucket? bucket = null;
        if (bucketText is not null)
        {
            if (!Enum.TryParse(bucketText, ignoreCase: true, out ReportBucket parsed) || int.TryParse(bucketText, out _))
            {
                await AdminResults.BadRequestAsync(http, $"'bucket' must be hour or day; got '{bucketText}'.");
                return;
            }

            bucket = parsed;
        }

        CostSeries series = await reporter.SeriesAsync(period, bucket, grouping, http.RequestAborted);
        await AdminResults.JsonAsync(http, CostReporter.ToJson(series));
    }
}
