namespace Purser.Configuration;

/// <summary>One upstream provider: <c>Purser:Providers:&lt;name&gt;</c>.</summary>
public sealed class ProviderOptions
{
    /// <summary>openai | anthropic | gemini | simulated.</summary>
    public string? Kind { get; set; }

    /// <summary>API root, e.g. https://api.openai.com/v1. Defaults per kind.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>The key itself, or <c>env:VARIABLE</c> to read it from the environment at start-up.</summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// Several keys for this provider (each a literal or <c>env:VARIABLE</c>), instead of <see cref="ApiKey"/>: each key is
    /// its own deployment (labelled <c>key1</c>, <c>key2</c>, … in the route, the ledger and telemetry), so the balancing
    /// strategies, per-target quotas, cool-downs and failover treat the keys as separate targets.
    /// </summary>
    public List<string> ApiKeys { get; set; } = [];

    /// <summary>The labels of <see cref="ApiKeys"/> (<c>key1</c> for <c>ApiKeys:0</c>, …); empty when the provider has one key or none.</summary>
    public IReadOnlyList<string> KeyLabels() => ApiKeys.Count > 1 ? [.. ApiKeys.Select((_, i) => KeyLabel(i))] : [];

    /// <summary>Every key setting of the provider: <see cref="ApiKeys"/>, else <see cref="ApiKey"/> (possibly none).</summary>
    public IReadOnlyList<string?> KeySettings() => ApiKeys.Count > 0 ? [.. ApiKeys] : [ApiKey];

    /// <summary>The non-secret label of <c>ApiKeys:index</c>: <c>key1</c> for index 0.</summary>
    public static string KeyLabel(int index) => "key" + (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Models this provider serves; a bare model name listed by exactly one provider routes there.</summary>
    public List<string> Models { get; set; } = [];

    /// <summary>Per-attempt timeout (default 30 s).</summary>
    public int? TimeoutSeconds { get; set; }

    /// <summary>Extra headers sent with every upstream request (e.g. OpenRouter's HTTP-Referer).</summary>
    public Dictionary<string, string> Headers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Whether an <c>openai</c>-kind provider has the Responses API (<c>/v1/responses</c>), so that a Responses client's
    /// calls are passed through instead of translated to Chat Completions. Default: true for api.openai.com, false for
    /// every other server (most OpenAI-compatible servers have only Chat Completions).
    /// </summary>
    public bool? ResponsesApi { get; set; }

    /// <summary>Anthropic's anthropic-version header (default 2023-06-01).</summary>
    public string? ApiVersion { get; set; }

    /// <summary>Settings of the simulated kind; ignored by the others.</summary>
    public SimulatedProviderOptions Simulated { get; set; } = new();

    /// <summary>Where this provider came from (configuration, or the environment variable that created it).</summary>
    public string Source { get; set; } = "configuration";
}
