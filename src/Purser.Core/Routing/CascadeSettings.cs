namespace Purser.Routing;

/// <summary>
/// One level of the configuration cascade (system, a project, an agent). Unset values inherit from the level above:
/// system defaults → project → agent → the project's own entry for the agent.
/// </summary>
public sealed class CascadeSettings
{
    /// <summary>The model or alias a call gets when it asks for <c>default</c> (built-in: <c>auto</c>).</summary>
    public string? Model { get; set; }

    /// <summary>Preferred provider: its deployments go first in an alias's or <c>auto</c>'s chain (the others stay as fallbacks).</summary>
    public string? Provider { get; set; }

    /// <summary>Text appended to the system prompt of every call ("" clears an inherited one).</summary>
    public string? PromptAddition { get; set; }

    /// <summary>Temperature for calls that set none (not applied to reasoning/thinking calls).</summary>
    public double? Temperature { get; set; }

    /// <summary>Cap on max tokens: a call that asks for more, or sets none, gets this.</summary>
    public int? MaxTokens { get; set; }

    /// <summary>
    /// Share (0–1) of the parent scope's budget: a project's share of the global budget, an agent's share of its
    /// project's. Not inherited: the effective share is the product along the path. Budgets read it.
    /// </summary>
    public decimal? BudgetShare { get; set; }

    /// <summary>Agents of a project (only under <c>Projects:&lt;p&gt;</c>).</summary>
    public Dictionary<string, CascadeSettings>? Agents { get; set; }

    internal bool IsEmpty =>
        Model is null && Provider is null && PromptAddition is null && Temperature is null && MaxTokens is null && BudgetShare is null && Agents is not { Count: > 0 };
}
