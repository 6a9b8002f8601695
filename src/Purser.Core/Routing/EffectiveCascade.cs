namespace Purser.Routing;

/// <summary>
/// The configuration cascade resolved for one project and agent: each value and where it came from
/// (<see cref="Sources"/>, keyed by the setting's name: model, provider, promptAddition, temperature, maxTokens,
/// budgetShare).
/// </summary>
internal sealed class EffectiveCascade
{
    /// <summary>The key under which <see cref="RouteStage"/> leaves the call's cascade in <c>PurserContext.Items</c>.</summary>
    public static readonly object ItemKey = new();

    public string? Project { get; init; }

    public string? Agent { get; init; }

    /// <summary>The model or alias a call asking for <c>default</c> gets.</summary>
    public required string Model { get; init; }

    public string? Provider { get; init; }

    public string? PromptAddition { get; init; }

    public double? Temperature { get; init; }

    public int? MaxTokens { get; init; }

    /// <summary>Fraction of the global budget this project/agent may use: the product of the shares along the path (1 = all).</summary>
    public decimal BudgetShare { get; init; } = 1m;

    /// <summary>The project's share of each hard global budget; null when none is set (the whole).</summary>
    public decimal? ProjectShare { get; init; }

    /// <summary>The agent's share of its project's; null when none is set (the whole).</summary>
    public decimal? AgentShare { get; init; }

    /// <summary>Where each value came from, e.g. "project acme (configuration)", "built-in default".</summary>
    public required IReadOnlyDictionary<string, string> Sources { get; init; }

    /// <summary>The setting names, in display order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["model", "provider", "promptAddition", "temperature", "maxTokens", "budgetShare"];
}
