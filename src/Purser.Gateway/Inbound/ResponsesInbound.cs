using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Purser.Chat;
using Purser.Errors;
using Purser.Pipeline;
using Purser.Providers.Json;
using Purser.Providers.Responses;
using Purser.ResponseState;
using Purser.Streaming;
using Purser.Usage;

namespace Purser.Gateway.Inbound;

/// <summary>
/// POST /v1/responses, one instance per call: it writes the Responses object or event stream (echoing the request's
/// settings, with a response id of its own unless an OpenAI upstream's answer passes through), and keeps the finished
/// response as conversation state (unless the client sent <c>store: false</c>) under the caller's key.
/// </summary>
internal sealed class ResponsesInbound : IInboundProtocol
{
    /// <summary>For answers before a body is understood: only the error format matters.</summary>
    public static readonly ResponsesInbound Refusal = new(null, null, [], null);

    private readonly ResponseStateService? _state;
    private readonly string? _keyId;
    private readonly IReadOnlyList<JsonNode> _ownInput;
    private readonly ResponsesEcho _echo;
    private readonly string _id = ResponsesIds.Response();

    /// <param name="ownInput">The items this call adds to the conversation (nodes of the body, so redactions show).</param>
    public ResponsesInbound(ResponseStateService? state, string? keyId, IReadOnlyList<JsonNode> ownInput, JsonObject? body)
    {
        _state = state;
        _keyId = keyId;
        _ownInput = ownInput;
        _echo = new ResponsesEcho(body);
    }

    public WireProtocol Protocol => WireProtocol.OpenAIResponses;

    public ChatRequest Parse(ReadOnlySpan<byte> body) => ResponsesRequestReader.Read(body);

    public byte[] WriteError(PurserError error) => ResponsesErrors.WriteBody(error);

    public byte[] WriteResponse(ChatResponse response, string model, long created) => ResponsesResponseWriter.Write(response, _echo, _id, model, created);

    public void OnAnswer(PurserContext context, ReadOnlyMemory<byte> payload) => Save(payload.Span);

    public IInboundStreamWriter CreateStreamWriter(ChatRequest request, string model, long created) =>
        new Writer(this, new ResponsesStreamWriter(_echo, _id, model, created));

    /// <summary>Keeps a finished response object (as the client got it) with the input items this call added.</summary>
    private void Save(ReadOnlySpan<byte> response)
    {
        if (_state is null || !_echo.Store)
        {
            return;
        }

        string? id;
        try
        {
            var reader = new Utf8JsonReader(response);
            using JsonDocument document = JsonDocument.ParseValue(ref reader);
            id = document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("id", out JsonElement value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;
        }
        catch (JsonException)
        {
            return;
        }

        if (id is null)
        {
            return;
        }

        var input = new JsonArray();
        foreach (JsonNode item in _ownInput)
        {
            input.Add(item.DeepClone());
        }

        _state.Save(id, _echo.PreviousResponseId, _keyId, Bytes(input), response.ToArray());
    }

    private static byte[] Bytes(JsonNode node)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, JsonWriting.Options))
        {
            node.WriteTo(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private sealed class Writer(ResponsesInbound inbound, ResponsesStreamWriter writer) : IInboundStreamWriter
    {
        private static readonly byte[] SequenceKey = "\"sequence_number\":"u8.ToArray();
        private byte[]? _terminal;
        private long _lastSequence = -1;

        public void Write(StreamEvent streamEvent, IBufferWriter<byte> output) => writer.Write(streamEvent, output);

        public void Passthrough(StreamChunk chunk)
        {
            ReadOnlySpan<byte> raw = chunk.Raw.Span;
            int at = raw.IndexOf(SequenceKey);
            if (at >= 0)
            {
                ReadOnlySpan<byte> rest = raw[(at + SequenceKey.Length)..].TrimStart(" "u8);
                if (Utf8Parser.TryParse(rest, out long sequence, out _))
                {
                    _lastSequence = Math.Max(_lastSequence, sequence);
                }
            }

            if (chunk.Suppress && !raw.IsEmpty)
            {
                _terminal = raw.ToArray();
            }
        }

        public void WriteError(PurserError error, IBufferWriter<byte> output)
        {
            if (_lastSequence >= 0)
            {
                writer.ContinueAfter(_lastSequence);
            }

            if (_terminal is not null && TerminalType() == "response.failed")
            {
                // The upstream's own response.failed (held back like every terminal event), then the error event.
                output.Write(_terminal);
                writer.WriteErrorEvent(output, error);
                return;
            }

            writer.WriteError(output, error);
        }

        public void WriteEnd(TokenUsage usage, bool passthrough, IBufferWriter<byte> output)
        {
            if (passthrough && _terminal is not null && TerminalResponse() is { } response)
            {
                inbound.Save(response);
                output.Write(_terminal);
                return;
            }

            if (_lastSequence >= 0)
            {
                writer.ContinueAfter(_lastSequence);
            }

            writer.WriteEnd(output, usage);
            if (writer.FinalResponse is { } final)
            {
                inbound.Save(final);
            }
        }

        private string? TerminalType() => TerminalData() is { } data && data["type"] is JsonValue t && t.GetValueKind() == JsonValueKind.String ? t.GetValue<string>() : null;

        private byte[]? TerminalResponse() => TerminalData()?["response"] is JsonObject response ? Bytes(response) : null;

        /// <summary>The JSON of the held-back terminal event (its data lines joined).</summary>
        private JsonObject? TerminalData()
        {
            string text = System.Text.Encoding.UTF8.GetString(_terminal!);
            var data = new System.Text.StringBuilder();
            foreach (string line in text.Split('\n'))
            {
                string trimmed = line.TrimEnd('\r');
                if (trimmed.StartsWith("data:", StringComparison.Ordinal))
                {
                    data.Append(trimmed.AsSpan(5).TrimStart(' ')).Append('\n');
                }
            }

            try
            {
                return JsonNode.Parse(data.ToString()) as JsonObject;
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }
}
