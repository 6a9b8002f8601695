namespace Purser.Reports;

/// <summary>The report windows: the last 24 hours, 7 days, 30 days, or all time.</summary>
internal static class ReportPeriod
{
    public static readonly IReadOnlyList<string> Names = ["24h", "7d", "30d", "all"];

    /// <summary>The start of a period ending at <paramref name="now"/>; null for all time.</summary>
    public static DateTimeOffset? Since(string period, DateTimeOffset now) => period.ToLowerInvariant() switch
    {
        "24h" or "1d" or "day" => now.AddHours(-24),
        "7d" or "week" => now.AddDays(-7),
        "30d" or "month" => now.AddDays(-30),
        "all" => null,
        _ => throw new ArgumentException($"Unknown period '{period}': use 24h, 7d, 30d or all.", nameof(period)),
    };

    public static bool IsValid(string period) => period.ToLowerInvariant() is "24h" or "1d" or "day" or "7d" or "week" or "30d" or "month" or "all";
}
