using System.Text.Json;
using Purser.Chat;
using Purser.Providers.Sse;
using Purser.Streaming;
using Purser.Usage;

namespace Purser.Providers.Anthropic;

/// <summary>
/// Reads an upstream Messages stream. Tool calls are numbered from 0 over tool_use blocks only. Usage is reported
/// at message_start (its output count a placeholder) and again, combined, at each message_delta (whose counts are
/// cumulative; fields it leaves out keep their message_start values). message_stop completes the stream and is suppressed: the gateway writes its own
/// after the ledger commit.
/// </summary>
/// <param name="provider">The provider's name, for error messages.</param>
/// <param name="jsonToolName">The tool a JSON-schema answer was requested through; its input streams as text.</param>
internal sealed class AnthropicStreamParser(string provider = "anthropic", string? jsonToolName = null) : IStreamParser
{
    private readonly Dictionary<int, Block> _blocks = [];
    private int _toolCount;
    private bool _calledJsonTool;
    private bool _complete;
    private long _input;
    private long _cacheRead;
    private long _cacheWrite;
    private long _cacheWrite1h;
    private long _output;

    public bool IsComplete => _complete;

    public StreamChunk Parse(SseEvent sseEvent)
    {
        if (sseEvent.Data.IsEmpty)
        {
            return new StreamChunk(WireProtocol.AnthropicMessages, sseEvent.Raw, []);
        }

        var reader = new Utf8JsonReader(sseEvent.Data.Span);
        using JsonDocument document = JsonDocument.ParseValue(ref reader);
        JsonElement root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("A stream event is not a JSON object.");
        }

        string? type = String(root, "type") ?? sseEvent.Name;
        var events = new List<StreamEvent>(2);
        bool suppress = false;
        switch (type)
        {
            case "message_start":
                MessageStart(root, events);
                break;
            case "content_block_start":
                BlockStart(root, events);
                break;
            case "content_block_delta":
                BlockDelta(root, events);
                break;
            case "message_delta":
                MessageDelta(root, events);
                break;
            case "message_stop":
                _complete = true;
                suppress = true;
                break;
            case "error":
                events.Add(new ErrorEvent(AnthropicErrors.FromStreamError(provider, root.TryGetProperty("error", out JsonElement error) ? error : default)));
                break;
            default:
                break; // ping, content_block_stop and event types added later carry nothing canonical
        }

        return new StreamChunk(WireProtocol.AnthropicMessages, sseEvent.Raw, events) { Suppress = suppress };
    }

    private void MessageStart(JsonElement root, List<StreamEvent> events)
    {
        if (!root.TryGetProperty("message", out JsonElement message) || message.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("message_start has no 'message'.");
        }

        events.Add(new StreamStartEvent(String(message, "id") ?? "", String(message, "model") ?? ""));
        if (message.TryGetProperty("usage", out JsonElement usage) && usage.ValueKind == JsonValueKind.Object)
        {
            // Its output_tokens is a placeholder (1) until message_delta: a stream cut before then counts its output locally.
            UpdateUsage(usage);
            events.Add(new UsageEvent(Usage) { OutputIsPlaceholder = true });
        }
    }

    private void BlockStart(JsonElement root, List<StreamEvent> events)
    {
        int index = Index(root);
        if (!root.TryGetProperty("content_block", out JsonElement block) || block.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("content_block_start has no 'content_block'.");
        }

        switch (String(block, "type"))
        {
            case "text":
                _blocks[index] = new Block(BlockKind.Text, -1);
                if (String(block, "text") is { Length: > 0 } text)
                {
                    events.Add(new TextDeltaEvent(text));
                }

                break;
            case "thinking":
                _blocks[index] = new Block(BlockKind.Thinking, -1);
                string? thinking = String(block, "thinking");
                string? signature = String(block, "signature");
                if (!string.IsNullOrEmpty(thinking) || !string.IsNullOrEmpty(signature))
                {
                    events.Add(new ThinkingDeltaEvent(thinking ?? "", string.IsNullOrEmpty(signature) ? null : signature));
                }

                break;
            case "tool_use":
                string name = String(block, "name") ?? "";
                if (jsonToolName is not null && name == jsonToolName)
                {
                    _calledJsonTool = true;
                    _blocks[index] = new Block(BlockKind.JsonText, -1);
                    break;
                }

                int tool = _toolCount++;
                _blocks[index] = new Block(BlockKind.Tool, tool);
                events.Add(new ToolCallStartEvent(tool, String(block, "id") ?? $"toolu_{tool}", name));
                if (block.TryGetProperty("input", out JsonElement input) && input.ValueKind == JsonValueKind.Object && input.EnumerateObject().Any())
                {
                    events.Add(new ToolCallDeltaEvent(tool, input.GetRawText())); // input given whole rather than streamed
                }

                break;
            default:
                _blocks[index] = new Block(BlockKind.Other, -1); // redacted_thinking, server_tool_use, web_search_tool_result, …
                break;
        }
    }

    private void BlockDelta(JsonElement root, List<StreamEvent> events)
    {
        int index = Index(root);
        if (!root.TryGetProperty("delta", out JsonElement delta) || delta.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("content_block_delta has no 'delta'.");
        }

        Block block = _blocks.TryGetValue(index, out Block known) ? known : new Block(BlockKind.Other, -1);
        switch (String(delta, "type"))
        {
            case "text_delta" when String(delta, "text") is { Length: > 0 } text:
                events.Add(new TextDeltaEvent(text));
                break;
            case "thinking_delta" when String(delta, "thinking") is { Length: > 0 } thinking:
                events.Add(new ThinkingDeltaEvent(thinking));
                break;
            case "signature_delta" when String(delta, "signature") is { Length: > 0 } signature:
                events.Add(new ThinkingDeltaEvent("", signature));
                break;
            case "input_json_delta" when String(delta, "partial_json") is { Length: > 0 } json:
                if (block.Kind == BlockKind.Tool)
                {
                    events.Add(new ToolCallDeltaEvent(block.ToolIndex, json));
                }
                else if (block.Kind == BlockKind.JsonText)
                {
                    events.Add(new TextDeltaEvent(json));
                }

                break;
            default:
                break; // citations_delta and deltas of server-tool blocks
        }
    }

    private void MessageDelta(JsonElement root, List<StreamEvent> events)
    {
        if (root.TryGetProperty("delta", out JsonElement delta) && delta.ValueKind == JsonValueKind.Object
            && delta.TryGetProperty("stop_reason", out JsonElement stop) && stop.ValueKind == JsonValueKind.String)
        {
            FinishReason reason = AnthropicStopReason.Parse(stop.GetString());
            if (reason == FinishReason.ToolCalls && _calledJsonTool && _toolCount == 0)
            {
                reason = FinishReason.Stop;
            }

            events.Add(new FinishEvent(reason, String(delta, "stop_sequence")));
        }

        if (root.TryGetProperty("usage", out JsonElement usage) && usage.ValueKind == JsonValueKind.Object)
        {
            UpdateUsage(usage);
            events.Add(new UsageEvent(Usage));
        }
    }

    private void UpdateUsage(JsonElement usage)
    {
        _input = AnthropicUsage.Field(usage, "input_tokens") ?? _input;
        _cacheRead = AnthropicUsage.Field(usage, "cache_read_input_tokens") ?? _cacheRead;
        _cacheWrite = AnthropicUsage.Field(usage, "cache_creation_input_tokens") ?? _cacheWrite;
        _cacheWrite1h = AnthropicUsage.OneHourWrites(usage) ?? _cacheWrite1h;
        _output = AnthropicUsage.Field(usage, "output_tokens") ?? _output;
    }

    private TokenUsage Usage => new(_input + _cacheRead + _cacheWrite, _output, _cacheRead, _cacheWrite) { CacheWrite1hTokens = Math.Min(_cacheWrite1h, _cacheWrite) };

    private static int Index(JsonElement root) =>
        root.TryGetProperty("index", out JsonElement index) && index.TryGetInt32(out int i) ? i : throw new JsonException("A content block event has no 'index'.");

    private static string? String(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private enum BlockKind
    {
        Text,
        Thinking,
        Tool,
        JsonText,
        Other,
    }

    private readonly record struct Block(BlockKind Kind, int ToolIndex);
}
