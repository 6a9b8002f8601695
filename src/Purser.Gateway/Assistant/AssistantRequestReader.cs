using System.Text.Json;

namespace Purser.Gateway.Assistant;

/// <summary>Reads the JSON body of an assistant endpoint: snake_case fields (camelCase accepted), each error naming its field.</summary>
internal sealed class AssistantRequestReader
{
    private readonly JsonElement _root;

    private AssistantRequestReader(JsonElement root)
    {
        _root = root;
    }

    /// <summary>The reader, or why the body is not a JSON object.</summary>
    public static (AssistantRequestReader? Reader, string? Error, JsonDocument? Document) Parse(ReadOnlyMemory<byte> body)
    {
        if (body.IsEmpty)
        {
            return (null, "The request body is empty: send a JSON object.", null);
        }

        try
        {
            JsonDocument document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 32 });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                document.Dispose();
                return (null, "The request body must be a JSON object.", null);
            }

            return (new AssistantRequestReader(document.RootElement), null, document);
        }
        catch (JsonException ex)
        {
            return (null, "The request body is not valid JSON: " + ex.Message, null);
        }
    }

    /// <summary>A string field; <paramref name="error"/> says what is wrong when it is present with another type, or missing while required.</summary>
    public string? String(string name, bool required, ref string? error)
    {
        if (!TryGet(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                error ??= $"'{name}' is required.";
            }

            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            error ??= $"'{name}' must be a string.";
            return null;
        }

        string text = value.GetString()!;
        if (required && string.IsNullOrWhiteSpace(text))
        {
            error ??= $"'{name}' must not be empty.";
            return null;
        }

        return text;
    }

    /// <summary>A string or number field read as text (identifiers such as repo_id).</summary>
    public string? Identifier(string name, ref string? error)
    {
        if (!TryGet(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                return value.GetString();
            case JsonValueKind.Number:
                return value.GetRawText();
            default:
                error ??= $"'{name}' must be a string or a number.";
                return null;
        }
    }

    /// <summary>A boolean field; false when absent.</summary>
    public bool Boolean(string name, ref string? error)
    {
        if (!TryGet(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return false;
        }

        if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            error ??= $"'{name}' must be true or false.";
            return false;
        }

        return value.GetBoolean();
    }

    /// <summary>An integer field between <paramref name="min"/> and <paramref name="max"/>; null when absent.</summary>
    public int? Integer(string name, int min, int max, ref string? error)
    {
        if (!TryGet(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out int number) || number < min || number > max)
        {
            error ??= $"'{name}' must be an integer from {min} to {max}.";
            return null;
        }

        return number;
    }

    /// <summary>A list of strings, given as an array or as one comma-separated string; empty when absent.</summary>
    public IReadOnlyList<string> StringList(string name, ref string? error)
    {
        if (!TryGet(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString()!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }

        if (value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String))
        {
            return [.. value.EnumerateArray().Select(e => e.GetString()!.Trim()).Where(s => s.Length > 0)];
        }

        error ??= $"'{name}' must be a string or an array of strings.";
        return [];
    }

    private bool TryGet(string name, out JsonElement value)
    {
        if (_root.TryGetProperty(name, out value))
        {
            return true;
        }

        // camelCase spelling of a snake_case name (file_path → filePath).
        string[] parts = name.Split('_');
        string camel = parts[0] + string.Concat(parts.Skip(1).Select(p => p.Length == 0 ? p : char.ToUpperInvariant(p[0]) + p[1..]));
        return camel != name && _root.TryGetProperty(camel, out value);
    }
}
