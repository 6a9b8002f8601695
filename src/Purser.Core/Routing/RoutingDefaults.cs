using Purser.Configuration;

namespace Purser.Routing;

/// <summary>
/// What Purser ships: the <c>cheap</c>, <c>smart</c>, <c>fast</c> and <c>auto</c> aliases, and the <c>auto</c>
/// classifier's keywords (from the seeds) and operation tiers (from the prompt library's roles). Users override any
/// alias by defining one of the same name under <c>Purser:Models</c>.
/// </summary>
internal static class RoutingDefaults
{
    /// <summary>The alias that classifies each request.</summary>
    public const string Auto = "auto";

    /// <summary>The model name that means "what the configuration cascade says".</summary>
    public const string Default = "default";

    /// <summary>
    /// Built-in aliases. Each lists one model per well-known provider, best first; only targets whose provider is
    /// configured are used, so with one key set the alias is that provider's model.
    /// </summary>
    public static IReadOnlyDictionary<string, ModelAliasOptions> Aliases { get; } = new Dictionary<string, ModelAliasOptions>(StringComparer.OrdinalIgnoreCase)
    {
        ["cheap"] = new()
        {
            Description = "Low-cost models for simple work (fixes, formatting, comments)",
            Targets = ["gemini/gemini-2.5-flash", "openai/gpt-4o-mini", "anthropic/claude-haiku-4-5", "xai/grok-3-mini", "openrouter/google/gemini-2.5-flash"],
        },
        ["smart"] = new()
        {
            Description = "The most capable models, for refactoring, review, design and analysis",
            Targets = ["anthropic/claude-sonnet-4-5", "openai/gpt-5", "gemini/gemini-2.5-pro", "xai/grok-4", "openrouter/anthropic/claude-sonnet-4.5"],
        },
        ["fast"] = new()
        {
            Description = "The lowest-latency models, for urgent quick answers",
            Targets = ["gemini/gemini-2.5-flash-lite", "openai/gpt-4.1-nano", "anthropic/claude-haiku-4-5", "xai/grok-code-fast-1", "openrouter/google/gemini-2.5-flash-lite"],
        },
        [Auto] = new()
        {
            Description = "Classified per request (operation, keywords, prompt size) into cheap, smart or fast",
        },
    };

    /// <summary>Keywords per tier (seed "pattern keywords for smart routing").</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Keywords { get; } = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase)
    {
        ["cheap"] = ["fix", "typo", "simple", "quick", "small", "format", "add", "comment"],
        ["smart"] = ["refactor", "analyze", "complex", "architecture", "design", "review", "optimize"],
        ["fast"] = ["yolo", "urgent", "fast", "now", "quickly"],
    };

    /// <summary>Operation → tier, after the prompt library's roles.</summary>
    public static IReadOnlyDictionary<string, string> Operations { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["file_scoring"] = "cheap",
        ["validation"] = "cheap",
        ["cross_validation"] = "smart",
        ["quick_analysis"] = "fast",
        ["qa"] = "smart",
        ["code_review"] = "smart",
        ["debugging"] = "smart",
        ["debug"] = "smart",
        ["architecture"] = "smart",
        ["code_generation"] = "smart",
        ["generation"] = "smart",
    };

    /// <summary>Keyword ties: an explicit hurry wins, then quality, then cost.</summary>
    public static IReadOnlyList<string> TieOrder { get; } = ["fast", "smart", "cheap"];

    /// <summary>The model a call asking for <c>default</c> gets when the cascade sets none.</summary>
    public const string DefaultModel = Auto;
}
