using System.Text.Json;
using Purser.Usage;

namespace Purser.Providers.Anthropic;

/// <summary>
/// Anthropic usage ⇄ canonical usage. Anthropic's input_tokens counts only the uncached prompt tokens:
/// cache_read_input_tokens and cache_creation_input_tokens come on top, so the canonical input is their sum.
/// output_tokens includes thinking, which Anthropic does not report apart (canonical reasoning tokens stay 0).
/// </summary>
public static class AnthropicUsage
{
    public static TokenUsage Read(JsonElement usage)
    {
        long uncached = Long(usage, "input_tokens");
        long cacheRead = Long(usage, "cache_read_input_tokens");
        long cacheWrite = Long(usage, "cache_creation_input_tokens");
        return new TokenUsage(uncached + cacheRead + cacheWrite, Long(usage, "output_tokens"), cacheRead, cacheWrite);
    }

    /// <summary>Writes a "usage" object: input_tokens holds the uncached prompt tokens only, as Anthropic's does.</summary>
    public static void Write(Utf8JsonWriter writer, TokenUsage usage)
    {
        writer.WriteStartObject("usage");
        WriteFields(writer, usage);
        writer.WriteEndObject();
    }

    internal static void WriteFields(Utf8JsonWriter writer, TokenUsage usage)
    {
        writer.WriteNumber("input_tokens", usage.UncachedInputTokens);
        writer.WriteNumber("cache_creation_input_tokens", usage.CacheWriteTokens);
        writer.WriteNumber("cache_read_input_tokens", usage.CachedInputTokens);
        writer.WriteNumber("output_tokens", usage.OutputTokens);
    }

    /// <summary>A usage field when present (null when absent or null), for the cumulative counts of message_delta.</summary>
    internal static long? Field(JsonElement usage, string name) =>
        usage.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out long l) ? Math.Max(0, l) : null;

    private static long Long(JsonElement obj, string name) => Field(obj, name) ?? 0;
}
