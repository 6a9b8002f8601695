using Microsoft.AspNetCore.Http;
using Purser.Reports;

namespace Purser.Gateway.Admin;

/// <summary>GET /api/costs?period=24h|7d|30d|all&amp;by=model|…&amp;recent=N — the same data as <c>purser costs --json</c>.</summary>
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
}
