using System.Text.Json;

namespace Purser.Caching;

/// <summary>JSON for cache statistics and clears (API and CLI <c>--json</c>), and the clear filter both accept.</summary>
internal static class CacheReports
{
    private static readonly JsonSerializerOptions Indented = new(CacheJsonContext.Default.Options) { WriteIndented = true };
    private static readonly CacheJsonContext IndentedContext = new(Indented);

    public static string ToJson(CacheStatsReport report) => JsonSerializer.Serialize(report, IndentedContext.CacheStatsReport);

    public static string ToJson(CacheClearResult result) => JsonSerializer.Serialize(result, IndentedContext.CacheClearResult);

    public static string ToJson(CacheClearRequest request) => JsonSerializer.Serialize(request, CacheJsonContext.Default.CacheClearRequest);

    public static CacheStatsReport? StatsFromJson(string json) => JsonSerializer.Deserialize(json, CacheJsonContext.Default.CacheStatsReport);

    public static CacheClearResult? ClearFromJson(string json) => JsonSerializer.Deserialize(json, CacheJsonContext.Default.CacheClearResult);

    /// <summary>
    /// The filter for an operation name and an age (<c>--older-than 7d</c>: entries created more than 7 days before
    /// <paramref name="now"/>); both optional.
    /// </summary>
    public static bool TryBuildFilter(string? operation, string? olderThan, DateTimeOffset now, out CacheClearFilter? filter, out string? error)
    {
        filter = null;
        error = null;
        DateTimeOffset? before = null;
        if (!string.IsNullOrWhiteSpace(olderThan))
        {
            if (!CacheDuration.TryParse(olderThan, out TimeSpan age))
            {
                error = $"older-than '{olderThan}' is not a duration (e.g. 7d, 24h, 30m, 3600).";
                return false;
            }

            before = now - age;
        }

        filter = new CacheClearFilter
        {
            Operation = string.IsNullOrWhiteSpace(operation) ? null : operation.Trim(),
            CreatedBefore = before,
        };
        return true;
    }
}
