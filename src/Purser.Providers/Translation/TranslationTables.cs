using Purser.Chat;

namespace Purser.Providers.Translation;

/// <summary>
/// Every protocol pair's <see cref="TranslationTable"/>. A new inbound protocol plugs in by adding its tables here
/// (one per upstream protocol); docs/TRANSLATION.md documents each row, and a test holds the two together.
/// </summary>
internal static class TranslationTables
{
    /// <summary>All tables, by (source, target).</summary>
    public static IReadOnlyList<TranslationTable> All { get; } =
    [
        OpenAIChatTables.ToAnthropic,
        OpenAIChatTables.ToGemini,
        AnthropicTables.ToOpenAIChat,
        AnthropicTables.ToGemini,
        GeminiTables.ToOpenAIChat,
        GeminiTables.ToAnthropic,
        ResponsesTables.ToOpenAIChat,
        ResponsesTables.ToAnthropic,
        ResponsesTables.ToGemini,
        EmbeddingsTables.ToGemini,
    ];

    private static readonly Dictionary<(WireProtocol, WireProtocol), TranslationTable> ByPair = All.ToDictionary(t => (t.Source, t.Target));

    public static TranslationTable? Find(WireProtocol source, WireProtocol target) => ByPair.GetValueOrDefault((source, target));
}
