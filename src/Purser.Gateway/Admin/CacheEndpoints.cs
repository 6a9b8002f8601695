using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Purser.Caching;
using Purser.Reports;

namespace Purser.Gateway.Admin;

/// <summary>
/// GET /api/cache/stats?period=24h|7d|30d|all and POST /api/cache/clear (body, all optional:
/// {"operation":"code_review","older_than":"7d"}) — the same as <c>purser cache stats|clear --json</c>.
/// </summary>
internal static class CacheEndpoints
{
    public static async Task StatsAsync(HttpContext http, ResponseCache cache)
    {
        string period = http.Request.Query["period"].FirstOrDefault() ?? "all";
        if (!ReportPeriod.IsValid(period))
        {
            await AdminResults.BadRequestAsync(http, $"'period' must be one of {string.Join(", ", ReportPeriod.Names)}; got '{period}'.");
            return;
        }

        CacheStatsReport report = await cache.StatsAsync(period, http.RequestAborted);
        await AdminResults.JsonAsync(http, CacheReports.ToJson(report));
    }

    public static async Task ClearAsync(HttpContext http, ResponseCache cache, TimeProvider time)
    {
        string? operation = http.Request.Query["operation"].FirstOrDefault();
        string? olderThan = http.Request.Query["older_than"].FirstOrDefault();
        if (http.Request.ContentLength is > 0 || http.Request.Headers.TransferEncoding.Count > 0)
        {
            JsonDocument body;
            try
            {
                body = await JsonDocument.ParseAsync(http.Request.Body, default, http.RequestAborted);
            }
            catch (JsonException ex)
            {
                await AdminResults.BadRequestAsync(http, $"The body must be a JSON object such as {{\"operation\":\"code_review\",\"older_than\":\"7d\"}}: {ex.Message}");
                return;
            }

            using (body)
            {
                if (body.RootElement.ValueKind != JsonValueKind.Object)
                {
                    await AdminResults.BadRequestAsync(http, "The body must be a JSON object such as {\"operation\":\"code_review\",\"older_than\":\"7d\"}.");
                    return;
                }

                foreach (JsonProperty property in body.RootElement.EnumerateObject())
                {
                    if (property.Value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
                    {
                        await AdminResults.BadRequestAsync(http, $"'{property.Name}' must be a string.");
                        return;
                    }

                    switch (property.Name)
                    {
                        case "operation":
                            operation = property.Value.GetString() ?? operation;
                            break;
                        case "older_than":
                            olderThan = property.Value.GetString() ?? olderThan;
                            break;
                        default:
                            await AdminResults.BadRequestAsync(http, $"Unknown field '{property.Name}': use operation and older_than.");
                            return;
                    }
                }
            }
        }

        if (!CacheReports.TryBuildFilter(operation, olderThan, time.GetUtcNow(), out CacheClearFilter? filter, out string? error))
        {
            await AdminResults.BadRequestAsync(http, error!);
            return;
        }

        int removed = await cache.ClearAsync(filter!, http.RequestAborted);
        await AdminResults.JsonAsync(http, CacheReports.ToJson(new CacheClearResult(removed)));
    }
}
