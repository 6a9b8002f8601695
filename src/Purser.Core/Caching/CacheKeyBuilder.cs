using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Purser.Buffers;
using Purser.Chat;
using Purser.Routing;

namespace Purser.Caching;

/// <summary>
/// The exact cache's key: SHA-256 over a canonical JSON form of everything that can change the answer — the
/// partition, the resolved deployments (in order), the system prompt, the messages, tools and tool choice, the
/// response format, every sampling parameter and the forwarded anthropic-beta header.
/// Not in it: <c>stream</c>, <c>stream_options</c>, <c>user</c>, <c>metadata</c>, the model name as the caller
/// spelled it (its resolution is) and attribution headers. An embeddings call adds its inputs and dimensions, not its
/// <c>encoding_format</c> (the vectors are the same; the answer is written in the format each caller asks for). JSON values the caller sends (schemas, tool
/// arguments) are written with their object keys sorted, so key order and whitespace do not matter. The key is
/// protocol-neutral: the same question asked over the OpenAI and the Anthropic API is one entry.
/// </summary>
internal static class CacheKeyBuilder
{
    /// <summary>Bumped when the canonical form changes, so old entries stop matching.</summary>
    private const int Version = 1;

    private static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = true };

    // The canonical form is hashed as it is written (no buffer of its size: a 9 MB prompt costs no 9 MB array).
    [ThreadStatic]
    private static HashingBufferWriter? t_hash;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    public static CacheKey Compute(ChatRequest request, string partition, IReadOnlyList<Deployment> targets)
    {
        HashingBufferWriter hash = t_hash ??= new HashingBufferWriter();
        Utf8JsonWriter writer = t_writer ??= new Utf8JsonWriter(hash, WriterOptions);
        writer.Reset(hash);
        bool completed = false;
        try
        {
            Write(writer, request, partition, targets);
            Span<byte> digest = stackalloc byte[CacheKey.Length];
            hash.Complete(digest);
            completed = true;
            return CacheKey.FromBytes(digest);
        }
        finally
        {
            if (!completed)
            {
                // A write that threw leaves half a document in the hash: start the next call afresh.
                t_hash = null;
                t_writer = null;
                hash.Dispose();
            }
        }
    }

    /// <summary>The canonical form that is hashed (for tests and diagnostics).</summary>
    public static string CanonicalJson(ChatRequest request, string partition, IReadOnlyList<Deployment> targets)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            Write(writer, request, partition, targets);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void Write(Utf8JsonWriter w, ChatRequest r, string partition, IReadOnlyList<Deployment> targets)
    {
        w.WriteStartObject();
        w.WriteNumber("v", Version);
        w.WriteString("partition", partition);
        w.WriteStartArray("targets");
        foreach (Deployment d in targets)
        {
            w.WriteStringValue(d.Id);
        }

        w.WriteEndArray();
        w.WriteStartArray("system");
        foreach (TextPart part in r.System)
        {
            JsonStrings.WriteValue(w, part.Text);
        }

        w.WriteEndArray();
        w.WriteStartArray("messages");
        foreach (ChatMessage message in r.Messages)
        {
            w.WriteStartObject();
            w.WriteString("role", message.Role.ToString());
            if (message.Name is { } name)
            {
                w.WriteString("name", name);
            }

            WriteParts(w, "content", message.Content);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        if (r.Tools is { } tools)
        {
            w.WriteStartArray("tools");
            foreach (ToolDefinition tool in tools)
            {
                w.WriteStartObject();
                w.WriteString("name", tool.Name);
                OptionalString(w, "description", tool.Description);
                if (tool.Parameters is { } parameters)
                {
                    w.WritePropertyName("parameters");
                    WriteCanonical(w, parameters);
                }

                OptionalBool(w, "strict", tool.Strict);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        if (r.ToolChoice is { } choice)
        {
            w.WriteStartObject("tool_choice");
            w.WriteString("kind", choice.Kind.ToString());
            OptionalString(w, "name", choice.Name);
            w.WriteEndObject();
        }

        OptionalBool(w, "parallel_tool_calls", r.ParallelToolCalls);
        OptionalNumber(w, "max_tokens", r.MaxTokens);
        OptionalNumber(w, "temperature", r.Temperature);
        OptionalNumber(w, "top_p", r.TopP);
        OptionalNumber(w, "top_k", r.TopK);
        if (r.Stop is { } stop)
        {
            w.WriteStartArray("stop");
            foreach (string s in stop)
            {
                w.WriteStringValue(s);
            }

            w.WriteEndArray();
        }

        if (r.Seed is long seed)
        {
            w.WriteNumber("seed", seed);
        }

        OptionalNumber(w, "frequency_penalty", r.FrequencyPenalty);
        OptionalNumber(w, "presence_penalty", r.PresencePenalty);
        if (r.ResponseFormat is { } format)
        {
            w.WriteStartObject("response_format");
            w.WriteString("kind", format.Kind.ToString());
            OptionalString(w, "name", format.SchemaName);
            if (format.Schema is { } schema)
            {
                w.WritePropertyName("schema");
                WriteCanonical(w, schema);
            }

            OptionalBool(w, "strict", format.Strict);
            w.WriteEndObject();
        }

        OptionalString(w, "reasoning_effort", r.ReasoningEffort);
        OptionalNumber(w, "thinking_budget", r.ThinkingBudgetTokens);
        if (r.Embedding is { } embedding)
        {
            WriteEmbedding(w, embedding);
        }

        if (r.Extensions.Count > 0)
        {
            w.WriteStartObject("extensions");
            foreach (var (name, value) in r.Extensions.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                w.WritePropertyName(name);
                WriteCanonical(w, value);
            }

            w.WriteEndObject();
        }

        if (r.ForwardHeaders is { Count: > 0 } headers)
        {
            // anthropic-beta switches features on; anthropic-version only picks the wire format, which the canonical answer does not keep.
            foreach (var (name, value) in headers.OrderBy(h => h.Key.ToLowerInvariant(), StringComparer.Ordinal))
            {
                if (!name.Equals("anthropic-version", StringComparison.OrdinalIgnoreCase))
                {
                    w.WriteString("header:" + name.ToLowerInvariant(), value);
                }
            }
        }

        w.WriteEndObject();
        w.Flush();
    }

    private static void WriteParts(Utf8JsonWriter w, string property, IReadOnlyList<ContentPart> parts)
    {
        w.WriteStartArray(property);
        foreach (ContentPart part in parts)
        {
            w.WriteStartObject();
            switch (part)
            {
                case TextPart text:
                    w.WriteString("type", "text");
                    JsonStrings.Write(w, "text", text.Text);
                    break;
                case ImagePart image:
                    w.WriteString("type", "image");
                    OptionalString(w, "url", image.Url);
                    OptionalString(w, "media_type", image.MediaType);
                    OptionalString(w, "data", image.Data);
                    OptionalString(w, "detail", image.Detail);
                    break;
                case ToolCallPart call:
                    w.WriteString("type", "tool_call");
                    w.WriteString("id", call.Id);
                    w.WriteString("name", call.Name);
                    w.WritePropertyName("arguments");
                    WriteArguments(w, call.Arguments);
                    break;
                case ToolResultPart result:
                    w.WriteString("type", "tool_result");
                    w.WriteString("id", result.ToolCallId);
                    w.WriteBoolean("is_error", result.IsError);
                    WriteParts(w, "content", result.Content);
                    break;
                case ThinkingPart thinking:
                    w.WriteString("type", "thinking");
                    JsonStrings.Write(w, "text", thinking.Text);
                    OptionalString(w, "signature", thinking.Signature);
                    OptionalString(w, "redacted", thinking.RedactedData);
                    break;
                case OpaquePart opaque:
                    w.WriteString("type", "opaque");
                    w.WriteString("kind", opaque.Type);
                    w.WriteString("origin", opaque.Origin.ToString());
                    w.WritePropertyName("json");
                    WriteCanonical(w, opaque.Json);
                    break;
                default:
                    w.WriteString("type", part.GetType().Name);
                    break;
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    /// <summary>Tool-call arguments are JSON text: canonical when they parse, verbatim when they do not.</summary>
    private static void WriteArguments(Utf8JsonWriter w, string arguments)
    {
        JsonNode? parsed;
        try
        {
            parsed = JsonNode.Parse(arguments);
        }
        catch (JsonException)
        {
            JsonStrings.WriteValue(w, arguments);
            return;
        }

        w.WriteStartObject();
        w.WritePropertyName("json");
        WriteCanonical(w, parsed);
        w.WriteEndObject();
    }

    /// <summary>A JSON value with every object's keys in ordinal order; arrays keep their order.</summary>
    private static void WriteCanonical(Utf8JsonWriter w, JsonNode? node)
    {
        switch (node)
        {
            case null:
                w.WriteNullValue();
                break;
            case JsonObject obj:
                w.WriteStartObject();
                foreach (var (name, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    w.WritePropertyName(name);
                    WriteCanonical(w, value);
                }

                w.WriteEndObject();
                break;
            case JsonArray array:
                w.WriteStartArray();
                foreach (JsonNode? item in array)
                {
                    WriteCanonical(w, item);
                }

                w.WriteEndArray();
                break;
            default:
                node.WriteTo(w);
                break;
        }
    }

    private static void WriteEmbedding(Utf8JsonWriter w, Embeddings.EmbeddingRequest embedding)
    {
        w.WriteStartObject("embedding");
        w.WriteStartArray("inputs");
        foreach (Embeddings.EmbeddingInput input in embedding.Inputs)
        {
            if (input.Tokens is { } tokens)
            {
                w.WriteStartArray();
                foreach (int token in tokens)
                {
                    w.WriteNumberValue(token);
                }

                w.WriteEndArray();
            }
            else
            {
                w.WriteStringValue(input.Text);
            }
        }

        w.WriteEndArray();
        OptionalNumber(w, "dimensions", embedding.Dimensions);
        w.WriteEndObject();
    }

    private static void OptionalString(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            JsonStrings.Write(w, name, value);
        }
    }

    private static void OptionalBool(Utf8JsonWriter w, string name, bool? value)
    {
        if (value is bool b)
        {
            w.WriteBoolean(name, b);
        }
    }

    private static void OptionalNumber(Utf8JsonWriter w, string name, double? value)
    {
        if (value is double d)
        {
            w.WriteNumber(name, d);
        }
    }

    private static void OptionalNumber(Utf8JsonWriter w, string name, int? value)
    {
        if (value is int i)
        {
            w.WriteNumber(name, i);
        }
    }
}
