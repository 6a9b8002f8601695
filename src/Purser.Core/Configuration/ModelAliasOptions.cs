namespace Purser.Configuration;

/// <summary>An alias: <c>Purser:Models:&lt;alias&gt;:Targets</c>, a list of provider/model, and how a call picks among them.</summary>
public sealed class ModelAliasOptions
{
    public List<string> Targets { get; set; } = [];

    public string? Description { get; set; }

    /// <summary>
    /// How a call picks its first target (the others stay its fallbacks, in order): <c>ordered</c> (default: as
    /// listed), <c>weighted</c> (by <see cref="AliasTargetOptions.Weight"/>), <c>least-busy</c> (fewest calls in flight),
    /// <c>lowest-latency</c> (fastest recent answers), <c>cost</c> (cheapest price).
    /// </summary>
    public string? Strategy { get; set; }

    /// <summary>Weight and quota per target, keyed by the target as listed (provider/model).</summary>
    public Dictionary<string, AliasTargetOptions> PerTarget { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Whether calls of one conversation (same key and prompt prefix) keep going to the deployment that served it while
    /// it is healthy, so provider-side prompt caches keep hitting. Default true; no effect under <c>ordered</c>.
    /// </summary>
    public bool Sticky { get; set; } = true;
}
