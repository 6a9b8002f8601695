using System.Text.Json;
using System.Text.Json.Nodes;
using Purser.Chat;
using Purser.Providers.Json;

namespace Purser.Providers.Translation;

/// <summary>
/// Refuses, with a 400 that names the field, what a request carries that the target protocol cannot express.
/// Fields that only steer the source provider's own bookkeeping (store, service_tier, cache keys) are let go.
/// </summary>
internal static class TranslationCheck
{
    private static readonly HashSet<string> Bookkeeping = new(StringComparer.Ordinal)
    {
        "store", "service_tier", "prompt_cache_key", "safety_identifier", "modalities",

        // OpenAI Responses: state, caching, logging and presentation knobs of OpenAI's own service; Purser keeps the
        // conversation state itself. Web search is offered by agents by default; the model simply does without it.
        "include", "truncation", "stream_options", "client_metadata", "prompt_cache_retention", "context_management",
        "text.verbosity", "reasoning.summary", "reasoning.generate_summary", "max_tool_calls", "tools:web_search",
    };

    /// <summary>Throws for the first extension field that cannot go to <paramref name="target"/>.</summary>
    public static void RejectExtensions(ChatRequest request, string target)
    {
        foreach (var (name, value) in request.Extensions)
        {
            if (JsonRead.IsNull(value) || Bookkeeping.Contains(name) || IsDefault(name, value!))
            {
                continue;
            }

            string field = name.StartsWith("tools[", StringComparison.Ordinal) ? $"tool type '{name[(name.IndexOf(':', StringComparison.Ordinal) + 1)..]}' ({name[..name.IndexOf(':', StringComparison.Ordinal)]})" : $"field '{name}'";
            throw new InvalidRequestException($"The {field} cannot be translated for a {target} provider; remove it or choose a model served over the {Describe(request.SourceProtocol)} protocol.", name);
        }
    }

    /// <summary>Throws when a content part is one the target cannot carry.</summary>
    public static InvalidRequestException Untranslatable(string what, string target, WireProtocol source) =>
        new($"{what} cannot be translated for a {target} provider; choose a model served over the {Describe(source)} protocol.");

    private static bool IsDefault(string name, JsonNode value) => name switch
    {
        "logprobs" => value.GetValueKind() == JsonValueKind.False,
        "n" => value.GetValueKind() == JsonValueKind.Number && value.GetValue<double>() == 1,
        _ => false,
    };

    public static string Describe(WireProtocol protocol) => protocol switch
    {
        WireProtocol.OpenAIChat => "OpenAI",
        WireProtocol.OpenAIResponses => "OpenAI Responses",
        WireProtocol.AnthropicMessages => "Anthropic",
        WireProtocol.Gemini => "Gemini",
        _ => "same",
    };

    /// <summary>Maps a thinking budget to OpenAI's reasoning effort.</summary>
    public static string EffortFromBudget(int budget) => budget switch
    {
        <= 4096 => "low",
        <= 16384 => "medium",
        _ => "high",
    };

    /// <summary>Maps OpenAI's reasoning effort to a thinking budget (Anthropic needs at least 1024).</summary>
    public static int? BudgetFromEffort(string? effort) => effort switch
    {
        "minimal" or "none" => null,
        "low" => 2048,
        "medium" => 8192,
        "high" => 24576,
        "xhigh" => 32768,
        _ => null,
    };
}
