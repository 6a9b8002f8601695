using System.Text.Json;
using Purser.Usage;

namespace Purser.Providers.OpenAI;

/// <summary>
/// OpenAI usage ⇄ canonical usage. OpenAI's prompt_tokens already include prompt_tokens_details.cached_tokens,
/// and completion_tokens already include completion_tokens_details.reasoning_tokens — except where a server counts
/// reasoning apart (<see cref="OpenAIUsageDialect.ReasoningApart"/>, xAI): then the output is completion + reasoning.
/// </summary>
internal static class OpenAIUsage
{
    /// <summary>
    /// Reads a usage object. Reasoning tokens are taken as counted apart from completion_tokens when total_tokens says so
    /// (total = prompt + completion + reasoning, with reasoning &gt; 0), or, without a total, when
    /// <paramref name="dialect"/> says so; otherwise as part of completion_tokens.
    /// </summary>
    public static TokenUsage Read(JsonElement usage, OpenAIUsageDialect dialect = OpenAIUsageDialect.Standard)
    {
        long input = Long(usage, "prompt_tokens");
        long output = Long(usage, "completion_tokens");
        long cached = 0;
        long reasoning = 0;
        if (usage.TryGetProperty("prompt_tokens_details", out JsonElement promptDetails) && promptDetails.ValueKind == JsonValueKind.Object)
        {
            cached = Long(promptDetails, "cached_tokens");
        }
        else if (usage.TryGetProperty("prompt_cache_hit_tokens", out _))
        {
            cached = Long(usage, "prompt_cache_hit_tokens"); // DeepSeek's spelling
        }

        if (usage.TryGetProperty("completion_tokens_details", out JsonElement completionDetails) && completionDetails.ValueKind == JsonValueKind.Object)
        {
            reasoning = Long(completionDetails, "reasoning_tokens");
        }

        long? total = usage.TryGetProperty("total_tokens", out JsonElement t) && t.ValueKind == JsonValueKind.Number ? Long(usage, "total_tokens") : null;
        if (input == 0 && output == 0 && total is long all)
        {
            input = all;
        }

        bool apart = reasoning > 0 && (total is long sum ? sum == input + output + reasoning : dialect == OpenAIUsageDialect.ReasoningApart);
        if (apart)
        {
            output += reasoning;
        }

        return new TokenUsage(input, output, Math.Min(cached, input), 0, Math.Min(reasoning, output));
    }

    public static void Write(Utf8JsonWriter writer, TokenUsage usage)
    {
        writer.WriteStartObject("usage");
        writer.WriteNumber("prompt_tokens", usage.InputTokens);
        writer.WriteNumber("completion_tokens", usage.OutputTokens);
        writer.WriteNumber("total_tokens", usage.TotalTokens);
        writer.WriteStartObject("prompt_tokens_details");
        writer.WriteNumber("cached_tokens", usage.CachedInputTokens);
        writer.WriteEndObject();
        writer.WriteStartObject("completion_tokens_details");
        writer.WriteNumber("reasoning_tokens", usage.ReasoningTokens);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static long Long(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out long l) ? Math.Max(0, l) : 0;
}
