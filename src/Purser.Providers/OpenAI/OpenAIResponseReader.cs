using System.Text.Json;
using Purser.Chat;

namespace Purser.Providers.OpenAI;

/// <summary>Parses an upstream Chat Completions answer (the first choice) into canonical form.</summary>
internal static class OpenAIResponseReader
{
    /// <exception cref="JsonException">The body is not a Chat Completions answer.</exception>
    public static ChatResponse Read(ReadOnlySpan<byte> body, OpenAIUsageDialect dialect = OpenAIUsageDialect.Standard)
    {
        var reader = new Utf8JsonReader(body);
        using JsonDocument document = JsonDocument.ParseValue(ref reader);
        JsonElement root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("choices", out JsonElement choices) || choices.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException("The answer has no 'choices' array.");
        }

        var response = new ChatResponse
        {
            Id = root.TryGetProperty("id", out JsonElement id) && id.ValueKind == JsonValueKind.String ? id.GetString()! : "",
            Model = root.TryGetProperty("model", out JsonElement model) && model.ValueKind == JsonValueKind.String ? model.GetString()! : "",
            Created = root.TryGetProperty("created", out JsonElement created) && created.TryGetInt64(out long c) ? c : 0,
        };
        if (root.TryGetProperty("usage", out JsonElement usage) && usage.ValueKind == JsonValueKind.Object)
        {
            response.Usage = OpenAIUsage.Read(usage, dialect);
        }

        if (choices.GetArrayLength() == 0)
        {
            return response;
        }

        JsonElement choice = choices[0];
        response.FinishReason = OpenAIFinishReason.Parse(choice.TryGetProperty("finish_reason", out JsonElement finish) && finish.ValueKind == JsonValueKind.String ? finish.GetString() : null);
        if (!choice.TryGetProperty("message", out JsonElement message) || message.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("The first choice has no 'message'.");
        }

        if (message.TryGetProperty("reasoning_content", out JsonElement reasoning) && reasoning.ValueKind == JsonValueKind.String && reasoning.GetString() is { Length: > 0 } thinking)
        {
            response.Content.Add(new ThinkingPart(thinking));
        }

        if (message.TryGetProperty("content", out JsonElement content))
        {
            if (content.ValueKind == JsonValueKind.String)
            {
                response.Content.Add(new TextPart(content.GetString()!));
            }
            else if (content.ValueKind == JsonValueKind.Array)
            {
                foreach (JsonElement part in content.EnumerateArray())
                {
                    if (part.TryGetProperty("text", out JsonElement text) && text.ValueKind == JsonValueKind.String)
                    {
                        response.Content.Add(new TextPart(text.GetString()!));
                    }
                }
            }
        }

        if (message.TryGetProperty("refusal", out JsonElement refusal) && refusal.ValueKind == JsonValueKind.String)
        {
            response.Content.Add(new TextPart(refusal.GetString()!));
            response.FinishReason = FinishReason.Refusal;
        }

        if (message.TryGetProperty("tool_calls", out JsonElement calls) && calls.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement call in calls.EnumerateArray())
            {
                if (!call.TryGetProperty("function", out JsonElement function))
                {
                    continue;
                }

                response.Content.Add(new ToolCallPart(
                    call.TryGetProperty("id", out JsonElement callId) ? callId.GetString() ?? "" : "",
                    function.TryGetProperty("name", out JsonElement name) ? name.GetString() ?? "" : "",
                    function.TryGetProperty("arguments", out JsonElement args) && args.ValueKind == JsonValueKind.String ? args.GetString()! : "{}"));
            }
        }

        return response;
    }
}
