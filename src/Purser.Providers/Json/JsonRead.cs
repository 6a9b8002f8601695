using System.Text.Json;
using System.Text.Unicode;
using System.Text.Json.Nodes;

namespace Purser.Providers.Json;

/// <summary>Typed, validating reads of request fields; a wrong type throws <see cref="InvalidRequestException"/> naming the field's path.</summary>
internal static class JsonRead
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 128, AllowDuplicateProperties = false };

    public static JsonObject ParseObject(ReadOnlySpan<byte> body)
    {
        CheckText(body);
        JsonNode? node;
        try
        {
            // Duplicate properties are refused at any depth (a nested duplicate would otherwise throw on first access).
            node = JsonNode.Parse(body, new JsonNodeOptions { PropertyNameCaseInsensitive = false }, DocumentOptions);
        }
        catch (JsonException ex)
        {
            throw new InvalidRequestException($"The request body is not valid JSON: {Trim(ex.Message)}");
        }

        return node as JsonObject ?? throw new InvalidRequestException("The request body must be a JSON object.");
    }

    /// <summary>
    /// Parses without copying: the tree reads <paramref name="body"/> in place, so the memory must stay as it is for
    /// as long as the tree is used (the gateway keeps a request's body until the request is over).
    /// </summary>
    public static JsonObject ParseObject(ReadOnlyMemory<byte> body)
    {
        CheckText(body.Span);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, DocumentOptions);
        }
        catch (JsonException ex)
        {
            throw new InvalidRequestException($"The request body is not valid JSON: {Trim(ex.Message)}");
        }

        // Not disposed: the tree's values are views of it. Its index is an array the collector takes back.
        return document.RootElement.ValueKind == JsonValueKind.Object
            ? JsonObject.Create(document.RootElement, new JsonNodeOptions { PropertyNameCaseInsensitive = false })!
            : throw new InvalidRequestException("The request body must be a JSON object.");
    }

    private static void CheckText(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            throw new InvalidRequestException("The request body is empty; expected a JSON object.");
        }

        if (!Utf8.IsValid(body))
        {
            throw new InvalidRequestException("The request body is not valid UTF-8.");
        }

        try
        {
            ValidateEscapes(body);
        }
        catch (JsonException ex)
        {
            throw new InvalidRequestException($"The request body is not valid JSON: {Trim(ex.Message)}");
        }
    }

    /// <summary>
    /// Checks every escaped string once, so an escape that is not text (a lone surrogate such as "\ud800") is a
    /// 400 here instead of an exception wherever the string is first read. Reads the escapes in place: decoding a
    /// 9 MB string to check it would cost 18 MB.
    /// </summary>
    private static void ValidateEscapes(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = DocumentOptions.MaxDepth, CommentHandling = DocumentOptions.CommentHandling, AllowTrailingCommas = DocumentOptions.AllowTrailingCommas });
        while (reader.Read())
        {
            if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped && !SurrogatesPaired(reader.ValueSpan))
            {
                throw new InvalidRequestException($"The request body has a string that is not valid text (an escape such as a lone surrogate) at byte {reader.TokenStartIndex}.");
            }
        }
    }

    /// <summary>
    /// Whether the \u escapes of a string (its raw bytes, already checked by the reader) pair every surrogate: a
    /// high one followed at once by an escaped low one. A literal surrogate cannot occur: the body is valid UTF-8.
    /// </summary>
    internal static bool SurrogatesPaired(ReadOnlySpan<byte> raw)
    {
        bool expectLow = false;
        for (int i = 0; i < raw.Length; i++)
        {
            if (raw[i] != (byte)'\\')
            {
                if (expectLow)
                {
                    return false;
                }

                continue;
            }

            i++;
            if (raw[i] != (byte)'u')
            {
                if (expectLow)
                {
                    return false;
                }

                continue;
            }

            int unit = HexValue(raw.Slice(i + 1, 4));
            i += 4;
            bool low = unit is >= 0xDC00 and <= 0xDFFF;
            if (expectLow != low)
            {
                return false;
            }

            expectLow = unit is >= 0xD800 and <= 0xDBFF;
        }

        return !expectLow;
    }

    private static int HexValue(ReadOnlySpan<byte> digits)
    {
        int value = 0;
        foreach (byte d in digits)
        {
            value = (value << 4) | (d <= '9' ? d - '0' : (d | 0x20) - 'a' + 10);
        }

        return value;
    }

    private static string Trim(string message)
    {
        int pathAt = message.IndexOf(" Path:", StringComparison.Ordinal);
        return pathAt > 0 ? message[..pathAt] : message;
    }

    public static string Kind(JsonNode? node) => node?.GetValueKind() switch
    {
        null or JsonValueKind.Null => "null",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => "unknown",
    };

    public static bool IsNull(JsonNode? node) => node is null || node.GetValueKind() == JsonValueKind.Null;

    public static string? String(JsonObject obj, string name, string path)
    {
        JsonNode? node = obj[name];
        if (IsNull(node))
        {
            return null;
        }

        return node!.GetValueKind() == JsonValueKind.String
            ? Text(node)
            : throw new InvalidRequestException($"'{path}' must be a string, not {Kind(node)}.", path);
    }

    /// <summary>
    /// The value of a string node. A long one still read from the request body is put back into the tree as the
    /// string itself, so what reads it next (the secret guard, the passthrough writer) shares this string instead of
    /// decoding another copy: two bytes per character of a 9 MB prompt each time.
    /// </summary>
    public static string Text(JsonNode node)
    {
        string text = node.GetValue<string>();
        if (text.Length > Purser.Buffers.JsonStrings.SegmentChars && node.Parent is not null && node is JsonValue value && value.TryGetValue(out JsonElement _))
        {
            node.ReplaceWith(JsonValue.Create(text));
        }

        return text;
    }

    public static string RequiredString(JsonObject obj, string name, string path) =>
        String(obj, name, path) ?? throw new InvalidRequestException($"'{path}' is required.", path);

    public static double? Number(JsonObject obj, string name, string path, double min = double.MinValue, double max = double.MaxValue)
    {
        JsonNode? node = obj[name];
        if (IsNull(node))
        {
            return null;
        }

        if (node!.GetValueKind() != JsonValueKind.Number)
        {
            throw new InvalidRequestException($"'{path}' must be a number, not {Kind(node)}.", path);
        }

        double value = node.GetValue<double>();
        if (value < min || value > max || double.IsNaN(value))
        {
            throw new InvalidRequestException($"'{path}' must be between {min} and {max}; got {value}.", path);
        }

        return value;
    }

    public static long? Integer(JsonObject obj, string name, string path, long min = long.MinValue, long max = long.MaxValue)
    {
        JsonNode? node = obj[name];
        if (IsNull(node))
        {
            return null;
        }

        if (node!.GetValueKind() != JsonValueKind.Number)
        {
            throw new InvalidRequestException($"'{path}' must be an integer, not {Kind(node)}.", path);
        }

        var value = node.AsValue();
        if (!value.TryGetValue(out long l))
        {
            double d = value.GetValue<double>();
            if (d != Math.Floor(d) || d < long.MinValue || d > long.MaxValue)
            {
                throw new InvalidRequestException($"'{path}' must be an integer; got {d}.", path);
            }

            l = (long)d;
        }

        if (l < min || l > max)
        {
            throw new InvalidRequestException(max == long.MaxValue ? $"'{path}' must be at least {min}; got {l}." : $"'{path}' must be between {min} and {max}; got {l}.", path);
        }

        return l;
    }

    public static bool? Bool(JsonObject obj, string name, string path)
    {
        JsonNode? node = obj[name];
        if (IsNull(node))
        {
            return null;
        }

        return node!.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new InvalidRequestException($"'{path}' must be a boolean, not {Kind(node)}.", path),
        };
    }

    public static JsonObject? Object(JsonObject obj, string name, string path)
    {
        JsonNode? node = obj[name];
        if (IsNull(node))
        {
            return null;
        }

        return node as JsonObject ?? throw new InvalidRequestException($"'{path}' must be an object, not {Kind(node)}.", path);
    }

    public static JsonArray? Array(JsonObject obj, string name, string path)
    {
        JsonNode? node = obj[name];
        if (IsNull(node))
        {
            return null;
        }

        return node as JsonArray ?? throw new InvalidRequestException($"'{path}' must be an array, not {Kind(node)}.", path);
    }

    public static JsonObject ObjectAt(JsonArray array, int index, string path) =>
        array[index] as JsonObject ?? throw new InvalidRequestException($"'{path}[{index}]' must be an object, not {Kind(array[index])}.", $"{path}[{index}]");

    /// <summary>A string or an array of strings (OpenAI's stop).</summary>
    public static List<string>? StringOrArray(JsonObject obj, string name, string path)
    {
        JsonNode? node = obj[name];
        if (IsNull(node))
        {
            return null;
        }

        if (node!.GetValueKind() == JsonValueKind.String)
        {
            return [node.GetValue<string>()];
        }

        if (node is JsonArray array)
        {
            var list = new List<string>(array.Count);
            for (int i = 0; i < array.Count; i++)
            {
                list.Add(array[i]?.GetValueKind() == JsonValueKind.String
                    ? array[i]!.GetValue<string>()
                    : throw new InvalidRequestException($"'{path}[{i}]' must be a string.", $"{path}[{i}]"));
            }

            return list;
        }

        throw new InvalidRequestException($"'{path}' must be a string or an array of strings, not {Kind(node)}.", path);
    }

    /// <summary>A flat object of string values (metadata); numbers and booleans are turned into text.</summary>
    public static Dictionary<string, string>? StringMap(JsonObject obj, string name, string path)
    {
        JsonObject? map = Object(obj, name, path);
        if (map is null)
        {
            return null;
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in map)
        {
            switch (value?.GetValueKind())
            {
                case JsonValueKind.String:
                    result[key] = value.GetValue<string>();
                    break;
                case JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False:
                    result[key] = value.ToJsonString();
                    break;
                case null or JsonValueKind.Null:
                    break;
                default:
                    throw new InvalidRequestException($"'{path}.{key}' must be a string.", $"{path}.{key}");
            }
        }

        return result;
    }
}
