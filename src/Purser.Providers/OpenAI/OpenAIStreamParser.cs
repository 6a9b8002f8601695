using System.Text.Json;
using Purser.Chat;
using Purser.Errors;
using Purser.Providers.Sse;
using Purser.Streaming;

namespace Purser.Providers.OpenAI;

/// <summary>
/// Reads an upstream Chat Completions stream. The usage-only chunk Purser asked for is suppressed for clients
/// that did not ask for it themselves; [DONE] is always suppressed (the writer sends its own after the ledger commit).
/// </summary>
/// <param name="clientWantsUsage">The client asked for the usage chunk itself.</param>
/// <param name="dialect">How the server counts reasoning tokens.</param>
internal sealed class OpenAIStreamParser(bool clientWantsUsage, OpenAIUsageDialect dialect = OpenAIUsageDialect.Standard) : IStreamParser
{
    private readonly HashSet<int> _startedTools = [];
    private bool _started;
    private bool _sawDone;
    private bool _sawFinish;

    public bool IsComplete => _sawDone || _sawFinish;

    public StreamChunk Parse(SseEvent sseEvent)
    {
        if (sseEvent.IsDone)
        {
            _sawDone = true;
            return new StreamChunk(WireProtocol.OpenAIChat, sseEvent.Raw, []) { Suppress = true };
        }

        if (sseEvent.Data.IsEmpty)
        {
            return new StreamChunk(WireProtocol.OpenAIChat, sseEvent.Raw, []);
        }

        var events = new List<StreamEvent>(2);
        var reader = new Utf8JsonReader(sseEvent.Data.Span);
        using JsonDocument document = JsonDocument.ParseValue(ref reader);
        JsonElement root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("A stream chunk is not a JSON object.");
        }

        if (root.TryGetProperty("error", out JsonElement error) && error.ValueKind == JsonValueKind.Object)
        {
            events.Add(new ErrorEvent(OpenAIErrors.FromStreamError(error)));
            return new StreamChunk(WireProtocol.OpenAIChat, sseEvent.Raw, events);
        }

        if (!_started)
        {
            _started = true;
            events.Add(new StreamStartEvent(
                root.TryGetProperty("id", out JsonElement id) && id.ValueKind == JsonValueKind.String ? id.GetString()! : "",
                root.TryGetProperty("model", out JsonElement model) && model.ValueKind == JsonValueKind.String ? model.GetString()! : ""));
        }

        bool hasChoices = false;
        if (root.TryGetProperty("choices", out JsonElement choices) && choices.ValueKind == JsonValueKind.Array && choices.GetArrayLength() > 0)
        {
            hasChoices = true;
            JsonElement choice = choices[0];
            if (choice.TryGetProperty("delta", out JsonElement delta) && delta.ValueKind == JsonValueKind.Object)
            {
                ReadDelta(delta, events);
            }

            if (choice.TryGetProperty("finish_reason", out JsonElement finish) && finish.ValueKind == JsonValueKind.String)
            {
                _sawFinish = true;
                events.Add(new FinishEvent(OpenAIFinishReason.Parse(finish.GetString())));
            }
        }

        bool usageOnly = false;
        if (root.TryGetProperty("usage", out JsonElement usage) && usage.ValueKind == JsonValueKind.Object)
        {
            events.Add(new UsageEvent(OpenAIUsage.Read(usage, dialect)));
            usageOnly = !hasChoices;
        }

        return new StreamChunk(WireProtocol.OpenAIChat, sseEvent.Raw, events) { Suppress = usageOnly && !clientWantsUsage };
    }

    private void ReadDelta(JsonElement delta, List<StreamEvent> events)
    {
        if (delta.TryGetProperty("reasoning_content", out JsonElement reasoning) && reasoning.ValueKind == JsonValueKind.String && reasoning.GetString() is { Length: > 0 } thinking)
        {
            events.Add(new ThinkingDeltaEvent(thinking));
        }

        if (delta.TryGetProperty("content", out JsonElement content) && content.ValueKind == JsonValueKind.String && content.GetString() is { Length: > 0 } text)
        {
            events.Add(new TextDeltaEvent(text));
        }

        if (delta.TryGetProperty("refusal", out JsonElement refusal) && refusal.ValueKind == JsonValueKind.String && refusal.GetString() is { Length: > 0 } refusalText)
        {
            events.Add(new TextDeltaEvent(refusalText));
        }

        if (delta.TryGetProperty("tool_calls", out JsonElement calls) && calls.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement call in calls.EnumerateArray())
            {
                int index = call.TryGetProperty("index", out JsonElement i) && i.TryGetInt32(out int n) ? n : 0;
                JsonElement function = call.TryGetProperty("function", out JsonElement f) ? f : default;
                if (_startedTools.Add(index))
                {
                    string callId = call.TryGetProperty("id", out JsonElement cid) && cid.ValueKind == JsonValueKind.String ? cid.GetString()! : $"call_{index}";
                    string name = function.ValueKind == JsonValueKind.Object && function.TryGetProperty("name", out JsonElement nm) && nm.ValueKind == JsonValueKind.String ? nm.GetString()! : "";
                    events.Add(new ToolCallStartEvent(index, callId, name));
                }

                if (function.ValueKind == JsonValueKind.Object && function.TryGetProperty("arguments", out JsonElement args) && args.ValueKind == JsonValueKind.String && args.GetString() is { Length: > 0 } argText)
                {
                    events.Add(new ToolCallDeltaEvent(index, argText));
                }
            }
        }
    }
}
