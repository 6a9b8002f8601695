using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Purser.Assistant.Json;

/// <summary>Reads fields of a model's JSON answer leniently: numbers as strings, scores as "85/100", lists as one string, and so on.</summary>
internal static class JsonFields
{
    /// <summary>The first of <paramref name="names"/> present in <paramref name="obj"/> (exact, then case-insensitive).</summary>
    public static JsonNode? Get(JsonObject? obj, params string[] names)
    {
        if (obj is null)
        {
            return null;
        }

        foreach (string name in names)
        {
            if (obj.TryGetPropertyValue(name, out JsonNode? node) && node is not null)
            {
                return node;
            }
        }

        foreach (KeyValuePair<string, JsonNode?> property in obj)
        {
            if (property.Value is not null && names.Any(n => string.Equals(Normalize(n), Normalize(property.Key), StringComparison.OrdinalIgnoreCase)))
            {
                return property.Value;
            }
        }

        return null;
    }

    /// <summary>A text value: strings as they are, numbers and booleans as their JSON text; null for objects, arrays and null.</summary>
    public static string? Text(JsonNode? node)
    {
        if (node is not JsonValue value)
        {
            return null;
        }

        return value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.ToJsonString(),
            _ => null,
        };
    }

    /// <summary>A number: JSON numbers, and strings such as "85", "85.5", "85/100", "85%".</summary>
    public static double? Number(JsonNode? node)
    {
        if (node is not JsonValue value)
        {
            return null;
        }

        if (value.GetValueKind() == JsonValueKind.Number)
        {
            return value.TryGetValue(out double d) ? d : value.TryGetValue(out long l) ? l : double.Parse(value.ToJsonString(), CultureInfo.InvariantCulture);
        }

        if (value.GetValueKind() != JsonValueKind.String)
        {
            return null;
        }

        string text = value.GetValue<string>().Trim();
        int end = 0;
        while (end < text.Length && (char.IsAsciiDigit(text[end]) || text[end] is '.' or '-' or '+'))
        {
            end++;
        }

        if (end == 0 || !double.TryParse(text.AsSpan(0, end), NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed) || !double.IsFinite(parsed))
        {
            return null;
        }

        string rest = text[end..].Trim();
        if (rest.StartsWith('/') && double.TryParse(rest.AsSpan(1).Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double scale) && scale > 0)
        {
            return parsed * 100 / scale;
        }

        return parsed;
    }

    /// <summary>A 1-based line number: 12, "12", "12-14" (12), "L12", "line 12"; null when there is none.</summary>
    public static int? Line(JsonNode? node)
    {
        if (Number(node) is double number && number >= 1 && number < int.MaxValue)
        {
            return (int)number;
        }

        string? text = Text(node);
        if (text is null)
        {
            return null;
        }

        int i = 0;
        while (i < text.Length && !char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        int start = i;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        return i > start && int.TryParse(text.AsSpan(start, i - start), NumberStyles.None, CultureInfo.InvariantCulture, out int line) && line >= 1 ? line : null;
    }

    /// <summary>
    /// A list of texts: an array of strings (or of objects, taking their text/message/description/suggestion field), or a
    /// single string. Empty entries are dropped.
    /// </summary>
    public static List<string> TextList(JsonNode? node)
    {
        var result = new List<string>();
        switch (node)
        {
            case JsonArray array:
                foreach (JsonNode? item in array)
                {
                    string? text = item is JsonObject o
                        ? Text(Get(o, "text", "suggestion", "message", "description", "title"))
                        : Text(item);
                    if (!string.IsNullOrWhiteSpace(text))
                    {
                        result.Add(text.Trim());
                    }
                }

                break;
            case JsonValue:
                if (Text(node) is { } single && !string.IsNullOrWhiteSpace(single))
                {
                    result.Add(single.Trim());
                }

                break;
        }

        return result;
    }

    /// <summary>
    /// A severity in SARIF's vocabulary (<c>error</c>, <c>warning</c>, <c>note</c>) from what models say: critical/high/major
    /// → error; medium/moderate → warning; low/minor/info/suggestion → note. Unknown or missing → <paramref name="fallback"/>.
    /// </summary>
    public static string Severity(JsonNode? node, string fallback = "warning")
    {
        string? text = Text(node)?.Trim().ToLowerInvariant();
        return text switch
        {
            "error" or "critical" or "high" or "major" or "blocker" or "severe" or "fatal" => "error",
            "warning" or "warn" or "medium" or "moderate" => "warning",
            "note" or "info" or "information" or "low" or "minor" or "suggestion" or "hint" or "trivial" or "nit" => "note",
            _ => fallback,
        };
    }

    private static string Normalize(string name) => name.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
}
