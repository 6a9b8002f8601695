namespace Purser.Routing;

/// <summary>
/// The ordered deployments chosen for a call, the rule that chose them (the <c>x-purser-route</c> header and the
/// ledger's <c>route</c>) and why (the ledger's <c>route_reason</c>). Later stages may narrow or replace the
/// deployments (a budget tier moving a call down) with <see cref="Replace"/>, which records the step.
/// </summary>
internal sealed class RouteDecision(IReadOnlyList<Deployment> deployments, string rule, string reason)
{
    /// <summary>Tried in order: the first healthy one serves, the rest are fallbacks.</summary>
    public IReadOnlyList<Deployment> Deployments { get; private set; } = deployments;

    /// <summary>
    /// Short machine-readable rule: "explicit", "model", "alias:smart", "auto:keyword:smart"; later steps are
    /// appended with '>' ("default>auto:operation:smart", "auto:keyword:smart>tier:cheap").
    /// </summary>
    public string Rule { get; set; } = rule;

    /// <summary>Human-readable reason; later steps append to it.</summary>
    public string Reason { get; set; } = reason;

    /// <summary>The alias the caller used (or that the cascade chose), if any.</summary>
    public string? Alias { get; init; }

    /// <summary>The tier the route serves (cheap, smart, fast, …) when an alias of a tier or <c>auto</c> chose it.</summary>
    public string? Tier { get; set; }

    /// <summary>System text the cascade appended to the request (passthrough writers add it to the raw body).</summary>
    public string? PromptAddition { get; set; }

    /// <summary>The value of the x-purser-route header.</summary>
    public string Header => Rule;

    /// <summary>Replaces the deployments (e.g. a budget tier's cheaper chain) and records the step ("tier:cheap").</summary>
    public void Replace(IReadOnlyList<Deployment> deployments, string step, string reason)
    {
        ArgumentNullException.ThrowIfNull(deployments);
        Deployments = deployments;
        AppendStep(step, reason);
    }

    /// <summary>Keeps only some deployments under the same rule (a key's allowed models), explaining why.</summary>
    public void Narrow(IReadOnlyList<Deployment> deployments, string reason)
    {
        ArgumentNullException.ThrowIfNull(deployments);
        Deployments = deployments;
        Reason = Reason + "; " + reason;
    }

    /// <summary>Records a step that refined the route without replacing it.</summary>
    public void AppendStep(string step, string reason)
    {
        Rule = Rule + ">" + step;
        Reason = Reason + "; " + reason;
    }

    /// <summary>Puts <paramref name="provider"/>'s deployments first (order otherwise kept); false when nothing moved.</summary>
    internal bool Prefer(string provider)
    {
        var preferred = Deployments.Where(d => string.Equals(d.Provider, provider, StringComparison.OrdinalIgnoreCase)).ToList();
        if (preferred.Count == 0 || Deployments.Take(preferred.Count).All(d => string.Equals(d.Provider, provider, StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        Deployments = [.. preferred, .. Deployments.Where(d => !string.Equals(d.Provider, provider, StringComparison.OrdinalIgnoreCase))];
        return true;
    }
}
