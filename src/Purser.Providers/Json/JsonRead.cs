using System.Text.Json;
using System.Text.Unicode;
using System.Text.Json.Nodes;

namespace Purser.Providers.Json;

/// <summary>Typed, validating reads of request fields; a wrong type throws <see cref="InvalidRequestException"/> naming the field's path.</summary>
internal static class JsonRead
{
    public static JsonObject ParseObject(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            throw new InvalidRequestException("The request body is empty; expected a JSON object.");
        }

        if (!Utf8.IsValid(body))
        {
            throw new InvalidRequestException("The request body is not valid UTF-8.");
        }

        JsonNode? node;
        try
        {
            // Duplicate properties are refused at any depth (a nested duplicate would otherwise throw on first access).
            var documentOptions = new JsonDocumentOptions { MaxDepth = 128, AllowDuplicateProperties = false };
            ValidateEscapes(body, documentOptions);
            node = JsonNode.Parse(body, new JsonNodeOptions { PropertyNameCaseInsensitive = false }, documentOptions);
        }
        catch (JsonException ex)
        {
            throw new InvalidRequestException($"The request body is not valid JSON: {Trim(ex.Message)}");
        }

        if (node is not JsonObject obj)
        {
            throw new InvalidRequestException("The request body must be a JSON object.");
        }

        return obj;
    }

    /// <summary>
    /// Decodes every escaped string once, so an escape that is not text (a lone surrogate such as "\ud800") is a
    /// 400 here instead of an exception wherever the string is first read.
    /// </summary>
    private static void ValidateEscapes(ReadOnlySpan<byte> body, JsonDocumentOptions options)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = options.MaxDepth, CommentHandling = options.CommentHandling, AllowTrailingCommas = options.AllowTrailingCommas });
        while (reader.Read())
        {
            if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped)
            {
                try
                {
                    _ = reader.GetString();
                }
                catch (InvalidOperationException)
                {
                    throw new InvalidRequestException($"The request body has a string that is not valid text (an escape such as a lone surrogate) at byte {reader.TokenStartIndex}.");
                }
            }
        }
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
            ? node.GetValue<string>()
            : throw new InvalidRequestException($"'{path}' must be a string, not {Kind(node)}.", path);
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
