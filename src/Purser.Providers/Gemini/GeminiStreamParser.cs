using System.Text.Json;
using Purser.Chat;
using Purser.Providers.Sse;
using Purser.Streaming;

namespace Purser.Providers.Gemini;

/// <summary>
/// Reads a <c>streamGenerateContent?alt=sse</c> stream. Every event's data is a whole GenerateContentResponse holding
/// the next piece of the answer. Gemini sends function calls whole, so each becomes a start and one delta with all
/// its arguments. usageMetadata is cumulative (the last is the total), and Gemini has no end marker: the stream is
/// complete once a candidate reports a finishReason (or the prompt was blocked). Gemini is never passed through to a
/// client as is, so nothing is suppressed.
/// </summary>
internal sealed class GeminiStreamParser : IStreamParser
{
    private bool _started;
    private bool _sawFinish;
    private int _toolCalls;

    public bool IsComplete => _sawFinish;

    public StreamChunk Parse(SseEvent sseEvent)
    {
        if (sseEvent.Data.IsEmpty)
        {
            return new StreamChunk(WireProtocol.Gemini, sseEvent.Raw, []);
        }

        var events = new List<StreamEvent>(3);
        var reader = new Utf8JsonReader(sseEvent.Data.Span);
        using JsonDocument document = JsonDocument.ParseValue(ref reader);
        JsonElement root = document.RootElement;
        if (GeminiErrors.TryGetError(root, out JsonElement error))
        {
            events.Add(new ErrorEvent(GeminiErrors.FromStreamError(error)));
            return new StreamChunk(WireProtocol.Gemini, sseEvent.Raw, events);
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("A stream event is not a JSON object.");
        }

        if (!_started)
        {
            _started = true;
            events.Add(new StreamStartEvent(GeminiParts.StringOf(root, "responseId"), GeminiParts.StringOf(root, "modelVersion")));
        }

        if (GeminiParts.TryGetCandidate(root, out JsonElement candidate))
        {
            foreach (JsonElement part in GeminiParts.Of(candidate))
            {
                if (GeminiParts.TryGetCall(part, out string id, out string name, out string arguments))
                {
                    int index = _toolCalls++;
                    events.Add(new ToolCallStartEvent(index, id, name));
                    events.Add(new ToolCallDeltaEvent(index, arguments));
                }
                else if (GeminiParts.TryGetText(part, out string text, out bool thought) && text.Length > 0)
                {
                    events.Add(thought ? new ThinkingDeltaEvent(text) : new TextDeltaEvent(text));
                }
            }

            if (GeminiParts.FinishReasonOf(candidate) is { } finish)
            {
                _sawFinish = true;
                events.Add(new FinishEvent(GeminiFinishReason.Parse(finish, _toolCalls > 0)));
            }
        }
        else if (GeminiParts.BlockReasonOf(root) is { } blocked)
        {
            _sawFinish = true;
            events.Add(new FinishEvent(GeminiFinishReason.ForBlockedPrompt(blocked)));
        }

        if (root.TryGetProperty("usageMetadata", out JsonElement usage) && usage.ValueKind == JsonValueKind.Object)
        {
            events.Add(new UsageEvent(GeminiUsage.Read(usage)));
        }

        return new StreamChunk(WireProtocol.Gemini, sseEvent.Raw, events);
    }
}
