using System.Text;
using System.Text.Json;
using Purser.Chat;
using Purser.Providers.Sse;
using Purser.Streaming;

namespace Purser.Providers.Responses;

/// <summary>
/// Reads an upstream Responses stream (an OpenAI provider with <c>/v1/responses</c>, for a Responses client): the
/// bytes go to the client as they are, and the canonical events are read for the ledger, the cache and token counting.
/// The terminal event (<c>response.completed</c>, <c>response.incomplete</c>, <c>response.failed</c>, <c>error</c>)
/// carries the usage and is held back: the gateway writes it after the ledger commit.
/// </summary>
internal sealed class ResponsesStreamParser : IStreamParser
{
    private readonly Dictionary<string, int> _toolIndexes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StringBuilder> _customInputs = new(StringComparer.Ordinal);
    private bool _complete;

    public bool IsComplete => _complete;

    public StreamChunk Parse(SseEvent sseEvent)
    {
        if (sseEvent.Data.IsEmpty || sseEvent.IsDone)
        {
            return new StreamChunk(WireProtocol.OpenAIResponses, sseEvent.Raw, []) { Suppress = sseEvent.IsDone };
        }

        var reader = new Utf8JsonReader(sseEvent.Data.Span);
        using JsonDocument document = JsonDocument.ParseValue(ref reader);
        JsonElement root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("A stream event is not a JSON object.");
        }

        string type = Text(root, "type") ?? "";
        var events = new List<StreamEvent>(2);
        bool terminal = false;
        switch (type)
        {
            case "response.created" when root.TryGetProperty("response", out JsonElement created):
                events.Add(new StreamStartEvent(Text(created, "id") ?? "", Text(created, "model") ?? ""));
                break;
            case "response.output_text.delta" or "response.refusal.delta" when Text(root, "delta") is { Length: > 0 } delta:
                events.Add(new TextDeltaEvent(delta));
                break;
            case "response.reasoning_summary_text.delta" or "response.reasoning_text.delta" when Text(root, "delta") is { Length: > 0 } thinking:
                events.Add(new ThinkingDeltaEvent(thinking));
                break;
            case "response.output_item.added" when root.TryGetProperty("item", out JsonElement item) && Text(item, "type") is "function_call" or "custom_tool_call":
                int index = _toolIndexes.Count;
                _toolIndexes[Text(item, "id") ?? "#" + index] = index;
                if (Text(item, "type") == "custom_tool_call")
                {
                    _customInputs[Text(item, "id") ?? "#" + index] = new StringBuilder();
                }

                events.Add(new ToolCallStartEvent(index, Text(item, "call_id") ?? ResponsesIds.Call(), Text(item, "name") ?? ""));
                break;
            case "response.function_call_arguments.delta" when Text(root, "delta") is { Length: > 0 } arguments && ToolIndex(root) is int tool:
                events.Add(new ToolCallDeltaEvent(tool, arguments));
                break;
            case "response.custom_tool_call_input.delta" when Text(root, "item_id") is { } customId && _customInputs.TryGetValue(customId, out StringBuilder? input):
                input.Append(Text(root, "delta"));
                break;
            case "response.output_item.done" when root.TryGetProperty("item", out JsonElement doneItem) && Text(doneItem, "type") == "custom_tool_call"
                && Text(doneItem, "id") is { } doneId && _toolIndexes.TryGetValue(doneId, out int customIndex):
                // Canonical tool arguments are JSON: a custom tool's free text travels as {"input": …}.
                string text = Text(doneItem, "input") ?? _customInputs.GetValueOrDefault(doneId)?.ToString() ?? "";
                events.Add(new ToolCallDeltaEvent(customIndex, new System.Text.Json.Nodes.JsonObject { ["input"] = text }.ToJsonString()));
                break;
            case "response.completed" or "response.incomplete" when root.TryGetProperty("response", out JsonElement done):
                terminal = true;
                events.Add(new FinishEvent(ResponsesResponseReader.Finish(done, _toolIndexes.Count > 0)));
                if (done.TryGetProperty("usage", out JsonElement usage) && usage.ValueKind == JsonValueKind.Object)
                {
                    events.Add(new UsageEvent(ResponsesUsage.Read(usage)));
                }

                break;
            case "response.failed":
                terminal = true;
                JsonElement failed = root.TryGetProperty("response", out JsonElement r) ? r : default;
                if (failed.ValueKind == JsonValueKind.Object && failed.TryGetProperty("usage", out JsonElement failedUsage) && failedUsage.ValueKind == JsonValueKind.Object)
                {
                    events.Add(new UsageEvent(ResponsesUsage.Read(failedUsage)));
                }

                events.Add(new ErrorEvent(ResponsesErrors.FromStream(failed.ValueKind == JsonValueKind.Object && failed.TryGetProperty("error", out JsonElement e) && e.ValueKind == JsonValueKind.Object ? e : root)));
                break;
            case "error":
                terminal = true;
                events.Add(new ErrorEvent(ResponsesErrors.FromStream(root.TryGetProperty("error", out JsonElement nested) && nested.ValueKind == JsonValueKind.Object ? nested : root)));
                break;
        }

        _complete |= terminal;
        return new StreamChunk(WireProtocol.OpenAIResponses, sseEvent.Raw, events) { Suppress = terminal };
    }

    private int? ToolIndex(JsonElement root) =>
        Text(root, "item_id") is { } itemId && _toolIndexes.TryGetValue(itemId, out int index) ? index : null;

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
