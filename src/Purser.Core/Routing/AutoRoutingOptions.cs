namespace Purser.Routing;

/// <summary>
/// <c>Purser:Routing:Auto</c>: how the <c>auto</c> model picks a tier (cheap, smart, fast, or your own) for a request.
/// Rules in order: the call's operation, keywords in the latest user turn, the prompt's size, the default tier.
/// Each tier is served by the alias of the same name unless <see cref="Tiers"/> maps it elsewhere.
/// </summary>
public sealed class AutoRoutingOptions
{
    /// <summary>
    /// Keywords per tier, matched as whole words, case-insensitively, in the latest user turn. The tier with the most
    /// hits wins; ties go by <see cref="TieOrder"/>. Configured lists replace the built-in list of the same tier.
    /// </summary>
    public Dictionary<string, List<string>> Keywords { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether the built-in keyword lists apply to tiers not configured here (default true).</summary>
    public bool UseDefaultKeywords { get; set; } = true;

    /// <summary>Operation → tier (e.g. <c>code_review: smart</c>); configured entries win over the built-in ones; "" removes one.</summary>
    public Dictionary<string, string> Operations { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Tier → alias that serves it (default: the alias named like the tier).</summary>
    public Dictionary<string, string> Tiers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Which tier wins a keyword tie (default fast, smart, cheap: an explicit "yolo"/"urgent" wins).</summary>
    public List<string> TieOrder { get; set; } = [];

    /// <summary>A prompt of at least this many tokens goes to <see cref="LargePromptTier"/> (default 8000; 0 turns the rule off).</summary>
    public int LargePromptTokens { get; set; } = 8000;

    /// <summary>Tier for large prompts (default smart).</summary>
    public string LargePromptTier { get; set; } = "smart";

    /// <summary>Tier when no rule decides (default cheap: the cheapest model that fits).</summary>
    public string DefaultTier { get; set; } = "cheap";
}
