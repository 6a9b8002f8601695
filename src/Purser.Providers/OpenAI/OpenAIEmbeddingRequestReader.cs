using System.Text.Json;
using System.Text.Json.Nodes;
using Purser.Chat;
using Purser.Embeddings;
using Purser.Providers.Json;

namespace Purser.Providers.OpenAI;

/// <summary>
/// Parses an OpenAI embeddings request (<c>POST /v1/embeddings</c>) into the canonical request: <c>input</c> as a
/// string, an array of strings, an array of token ids or an array of token-id arrays; <c>model</c>, <c>dimensions</c>,
/// <c>encoding_format</c> (float or base64) and <c>user</c>. Other fields pass through to an OpenAI-kind upstream.
/// </summary>
internal static class OpenAIEmbeddingRequestReader
{
    private static readonly HashSet<string> Mapped = new(StringComparer.Ordinal) { "model", "input", "dimensions", "encoding_format", "user" };

    /// <summary>Parses <paramref name="body"/>; throws <see cref="InvalidRequestException"/> for anything malformed.</summary>
    public static ChatRequest Read(ReadOnlySpan<byte> body) => Read(JsonRead.ParseObject(body));

    public static ChatRequest Read(JsonObject root)
    {
        var embedding = new EmbeddingRequest();
        var request = new ChatRequest { SourceProtocol = WireProtocol.OpenAIEmbeddings, Raw = root, Embedding = embedding };
        request.Model = JsonRead.RequiredString(root, "model", "model");
        if (request.Model.Trim().Length == 0)
        {
            throw new InvalidRequestException("'model' must name a model.", "model");
        }

        ReadInput(embedding, root["input"]);
        if (JsonRead.Integer(root, "dimensions", "dimensions", 1, 65_536) is long dimensions)
        {
            embedding.Dimensions = (int)dimensions;
        }

        embedding.Encoding = JsonRead.String(root, "encoding_format", "encoding_format") switch
        {
            null or "float" => EmbeddingEncoding.Float,
            "base64" => EmbeddingEncoding.Base64,
            string other => throw new InvalidRequestException($"'encoding_format' must be 'float' or 'base64', not '{other}'.", "encoding_format"),
        };
        request.User = JsonRead.String(root, "user", "user");
        foreach (var (name, value) in root)
        {
            if (!Mapped.Contains(name))
            {
                request.Extensions[name] = value;
            }
        }

        return request;
    }

    private static void ReadInput(EmbeddingRequest embedding, JsonNode? input)
    {
        switch (input?.GetValueKind())
        {
            case null or JsonValueKind.Null:
                throw new InvalidRequestException("'input' is required: a string, an array of strings, or token ids.", "input");
            case JsonValueKind.String:
                embedding.Inputs.Add(EmbeddingInput.FromText(Text(input, "input")));
                return;
            case JsonValueKind.Array:
                break;
            default:
                throw new InvalidRequestException($"'input' must be a string, an array of strings, or token ids, not {JsonRead.Kind(input)}.", "input");
        }

        var items = (JsonArray)input;
        if (items.Count == 0)
        {
            throw new InvalidRequestException("'input' must not be an empty array.", "input");
        }

        if (items[0]?.GetValueKind() == JsonValueKind.Number)
        {
            // One input given as token ids.
            embedding.Inputs.Add(EmbeddingInput.FromTokens(Tokens(items, "input")));
            return;
        }

        if (items.Count > EmbeddingRequest.MaxInputs)
        {
            throw new InvalidRequestException($"'input' may hold at most {EmbeddingRequest.MaxInputs} inputs; got {items.Count}.", "input");
        }

        for (int i = 0; i < items.Count; i++)
        {
            string path = $"input[{i}]";
            JsonNode? item = items[i];
            embedding.Inputs.Add(item?.GetValueKind() switch
            {
                JsonValueKind.String => EmbeddingInput.FromText(Text(item, path)),
                JsonValueKind.Array => EmbeddingInput.FromTokens(Tokens((JsonArray)item, path)),
                _ => throw new InvalidRequestException($"'{path}' must be a string or an array of token ids, not {JsonRead.Kind(item)}.", path),
            });
        }
    }

    private static string Text(JsonNode node, string path)
    {
        string text = node.GetValue<string>();
        return text.Length > 0 ? text : throw new InvalidRequestException($"'{path}' must not be an empty string.", path);
    }

    private static int[] Tokens(JsonArray array, string path)
    {
        if (array.Count == 0)
        {
            throw new InvalidRequestException($"'{path}' must not be an empty array of token ids.", path);
        }

        int[] tokens = new int[array.Count];
        for (int i = 0; i < array.Count; i++)
        {
            if (array[i] is not JsonValue value || value.GetValueKind() != JsonValueKind.Number || !value.TryGetValue(out int token) || token < 0)
            {
                throw new InvalidRequestException($"'{path}[{i}]' must be a token id (an integer of 0 or more), not {JsonRead.Kind(array[i])}.", $"{path}[{i}]");
            }

            tokens[i] = token;
        }

        return tokens;
    }
}
