namespace Purser.Routing;

/// <summary>The ordered deployments chosen for a call, and the rule that chose them.</summary>
public sealed class RouteDecision(IReadOnlyList<Deployment> deployments, string rule, string reason)
{
    /// <summary>Tried in order: the first healthy one serves, the rest are fallbacks.</summary>
    public IReadOnlyList<Deployment> Deployments { get; } = deployments;

    /// <summary>Short machine-readable rule, e.g. "explicit", "alias:smart", "model", "auto:keyword".</summary>
    public string Rule { get; set; } = rule;

    /// <summary>Human-readable reason.</summary>
    public string Reason { get; set; } = reason;

    /// <summary>The alias the caller used, if any.</summary>
    public string? Alias { get; init; }

    /// <summary>The value of the x-purser-route header.</summary>
    public string Header => Rule;
}
