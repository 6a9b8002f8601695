namespace Purser.Cli.Diagnostics;

/// <summary>Configuration a connection test runs with: one try per provider, so a failure shows at once and is not retried.</summary>
internal static class ProbeSettings
{
    public static IReadOnlyDictionary<string, string?> Overrides { get; } = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
    {
        ["Purser:Resilience:Retry:MaxAttempts"] = "1",
    };
}
