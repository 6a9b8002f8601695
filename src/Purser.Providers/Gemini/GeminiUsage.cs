using System.Text.Json;
using Purser.Usage;

namespace Purser.Providers.Gemini;

/// <summary>
/// Gemini usageMetadata → canonical usage. Gemini's promptTokenCount already includes cachedContentTokenCount, while
/// thoughtsTokenCount is separate from candidatesTokenCount (and billed as output), and toolUsePromptTokenCount
/// (prompts of built-in tools) is separate from the prompt. So: input = prompt + tool-use prompt, cached = cached
/// content, output = candidates + thoughts, reasoning = thoughts.
/// </summary>
internal static class GeminiUsage
{
    public static TokenUsage Read(JsonElement usage)
    {
        long prompt = Long(usage, "promptTokenCount") + Long(usage, "toolUsePromptTokenCount");
        long cached = Long(usage, "cachedContentTokenCount");
        long thoughts = Long(usage, "thoughtsTokenCount");
        long output = Long(usage, "candidatesTokenCount") + thoughts;
        return new TokenUsage(prompt, output, Math.Min(cached, prompt), 0, thoughts);
    }

    private static long Long(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out long l) ? Math.Max(0, l) : 0;
}
