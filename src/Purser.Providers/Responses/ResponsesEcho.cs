using System.Text.Json;
using System.Text.Json.Nodes;

namespace Purser.Providers.Responses;

/// <summary>
/// The request settings a Responses object repeats back (instructions, tools, temperature, …), taken from the client's
/// body, and the tool names the answer's calls are written with.
/// </summary>
internal sealed class ResponsesEcho
{
    private static readonly string[] Echoed =
    [
        "instructions", "max_output_tokens", "max_tool_calls", "previous_response_id", "prompt_cache_key", "safety_identifier",
        "service_tier", "top_logprobs", "user",
    ];

    private readonly JsonObject _body;

    public ResponsesEcho(JsonObject? body)
    {
        _body = body ?? [];
        Tools = ResponsesToolNames.From(body);
        Store = _body["store"] is JsonValue s && s.GetValueKind() == JsonValueKind.False ? false : true;
    }

    /// <summary>The client's tools, for writing calls back with the names (and namespaces) the client declared.</summary>
    public ResponsesToolNames Tools { get; }

    /// <summary>Whether the client asked to store the response (the Responses default is yes).</summary>
    public bool Store { get; }

    public string? PreviousResponseId => _body["previous_response_id"] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    /// <summary>Writes the settings into a response object being written.</summary>
    public void Write(Utf8JsonWriter writer)
    {
        foreach (string name in Echoed)
        {
            writer.WritePropertyName(name);
            WriteNode(writer, _body[name]);
        }

        writer.WriteBoolean("parallel_tool_calls", _body["parallel_tool_calls"] is not JsonValue p || p.GetValueKind() != JsonValueKind.False);
        writer.WriteStartObject("reasoning");
        writer.WritePropertyName("effort");
        WriteNode(writer, _body["reasoning"]?["effort"]);
        writer.WritePropertyName("summary");
        WriteNode(writer, _body["reasoning"]?["summary"]);
        writer.WriteEndObject();
        writer.WriteBoolean("store", Store);
        writer.WritePropertyName("temperature");
        WriteNode(writer, _body["temperature"], 1);
        writer.WritePropertyName("text");
        if (_body["text"] is JsonObject text && text["format"] is JsonObject)
        {
            text.WriteTo(writer);
        }
        else
        {
            writer.WriteStartObject();
            writer.WriteStartObject("format");
            writer.WriteString("type", "text");
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WritePropertyName("tool_choice");
        if (_body["tool_choice"] is { } choice)
        {
            choice.WriteTo(writer);
        }
        else
        {
            writer.WriteStringValue("auto");
        }

        writer.WritePropertyName("tools");
        if (_body["tools"] is JsonArray tools)
        {
            tools.WriteTo(writer);
        }
        else
        {
            writer.WriteStartArray();
            writer.WriteEndArray();
        }

        writer.WritePropertyName("top_p");
        WriteNode(writer, _body["top_p"], 1);
        writer.WriteString("truncation", _body["truncation"] is JsonValue t && t.GetValueKind() == JsonValueKind.String ? t.GetValue<string>() : "disabled");
        writer.WritePropertyName("metadata");
        if (_body["metadata"] is JsonObject metadata)
        {
            metadata.WriteTo(writer);
        }
        else
        {
            writer.WriteStartObject();
            writer.WriteEndObject();
        }
    }

    private static void WriteNode(Utf8JsonWriter writer, JsonNode? node, double? fallback = null)
    {
        if (node is not null && node.GetValueKind() != JsonValueKind.Null)
        {
            node.WriteTo(writer);
        }
        else if (fallback is double value)
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
