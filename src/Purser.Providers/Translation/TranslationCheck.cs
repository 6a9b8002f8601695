using System.Text.Json;
using System.Text.Json.Nodes;
using Purser.Chat;
using Purser.Providers.Json;

namespace Purser.Providers.Translation;

/// <summary>
/// Helpers the translating writers share: the 400 for content a target cannot carry, protocol names in messages, and
/// the mapping between thinking budgets and reasoning effort. Which request fields are mapped, dropped or refused is
/// decided by <see cref="TranslationPolicy"/>.
/// </summary>
internal static class TranslationCheck
{
    /// <summary>Throws when a content part is one the target cannot carry.</summary>
    public static InvalidRequestException Untranslatable(string what, string target, WireProtocol source) =>
        new($"{what} cannot be translated for a {target} provider; choose a model served over the {Describe(source)} protocol.");

    public static string Describe(WireProtocol protocol) => protocol switch
    {
        WireProtocol.OpenAIChat => "OpenAI",
        WireProtocol.OpenAIResponses => "OpenAI Responses",
        WireProtocol.OpenAIEmbeddings => "OpenAI Embeddings",
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
        "xhigh" or "max" => 32768,
        _ => null,
    };
}
