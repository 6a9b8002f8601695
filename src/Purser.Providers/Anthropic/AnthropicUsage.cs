using System.Text.Json;
using Purser.Usage;

namespace Purser.Providers.Anthropic;

/// <summary>
/// Anthropic usage ⇄ canonical usage. Anthropic's input_tokens counts only the uncached prompt tokens:
/// cache_read_input_tokens and cache_creation_input_tokens come on top, so the canonical input is their sum.
/// cache_creation splits the writes by lifetime (ephemeral_5m_input_tokens, ephemeral_1h_input_tokens): one-hour
/// writes are priced apart (2 × input against 1.25 ×).
/// output_tokens includes thinking, which Anthropic does not report apart (canonical reasoning tokens stay 0).
/// </summary>
internal static class AnthropicUsage
{
    public static TokenUsage Read(JsonElement usage)
    {
        long uncached = Long(usage, "input_tokens");
        long cacheRead = Long(usage, "cache_read_input_tokens");
        long cacheWrite = Long(usage, "cache_creation_input_tokens");
        long oneHour = OneHourWrites(usage) ?? 0;
        return new TokenUsage(uncached + cacheRead + cacheWrite, Long(usage, "output_tokens"), cacheRead, cacheWrite)
        {
            CacheWrite1hTokens = Math.Min(oneHour, cacheWrite),
        };
    }

    /// <summary>cache_creation.ephemeral_1h_input_tokens when the usage has the breakdown; null otherwise.</summary>
    internal static long? OneHourWrites(JsonElement usage) =>
        usage.TryGetProperty("cache_creation", out JsonElement creation) && creation.ValueKind == JsonValueKind.Object
            ? Field(creation, "ephemeral_1h_input_tokens") ?? 0
            : null;

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
        if (usage.CacheWrite1hTokens > 0)
        {
            writer.WriteStartObject("cache_creation");
            writer.WriteNumber("ephemeral_5m_input_tokens", usage.CacheWriteTokens - usage.CacheWrite1hTokens);
            writer.WriteNumber("ephemeral_1h_input_tokens", usage.CacheWrite1hTokens);
            writer.WriteEndObject();
        }

        writer.WriteNumber("cache_read_input_tokens", usage.CachedInputTokens);
        writer.WriteNumber("output_tokens", usage.OutputTokens);
    }

    /// <summary>A usage field when present (null when absent or null), for the cumulative counts of message_delta.</summary>
    internal static long? Field(JsonElement usage, string name) =>
        usage.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out long l) ? Math.Max(0, l) : null;

    private static long Long(JsonElement obj, string name) => Field(obj, name) ?? 0;
}
