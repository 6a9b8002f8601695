using System.Text.Json;
using Purser.Usage;

namespace Purser.Providers.Responses;

/// <summary>
/// Responses usage ⇄ canonical usage. input_tokens include input_tokens_details.cached_tokens and output_tokens
/// include output_tokens_details.reasoning_tokens, as in the canonical form.
/// </summary>
internal static class ResponsesUsage
{
    public static TokenUsage Read(JsonElement usage)
    {
        long cached = usage.TryGetProperty("input_tokens_details", out JsonElement inputDetails) && inputDetails.ValueKind == JsonValueKind.Object ? Long(inputDetails, "cached_tokens") : 0;
        long reasoning = usage.TryGetProperty("output_tokens_details", out JsonElement outputDetails) && outputDetails.ValueKind == JsonValueKind.Object ? Long(outputDetails, "reasoning_tokens") : 0;
        return new TokenUsage(Long(usage, "input_tokens"), Long(usage, "output_tokens"), cached, 0, reasoning);
    }

    public static void Write(Utf8JsonWriter writer, TokenUsage usage)
    {
        writer.WriteStartObject("usage");
        writer.WriteNumber("input_tokens", usage.InputTokens);
        writer.WriteStartObject("input_tokens_details");
        writer.WriteNumber("cached_tokens", usage.CachedInputTokens);
        writer.WriteEndObject();
        writer.WriteNumber("output_tokens", usage.OutputTokens);
        writer.WriteStartObject("output_tokens_details");
        writer.WriteNumber("reasoning_tokens", usage.ReasoningTokens);
        writer.WriteEndObject();
        writer.WriteNumber("total_tokens", usage.TotalTokens);
        writer.WriteEndObject();
    }

    private static long Long(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out long l) ? Math.Max(0, l) : 0;
}
