using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Purser.Prompts;

/// <summary>
/// Reads prompt files and merges a user file over the shipped defaults, prompt by prompt and field by field.
/// Every error names the file, the prompt and the field.
/// </summary>
internal static class PromptFile
{
    /// <summary>How the shipped file is named in messages.</summary>
    public const string ShippedSource = "shipped prompts";

    internal const string DefaultsResource = "Purser.Prompts.DefaultPrompts.json";
    internal const string SchemaResource = "Purser.Prompts.prompts.schema.json";

    /// <summary>The fields a prompt may have (properties starting with '$' are comments and ignored).</summary>
    internal static readonly IReadOnlyList<string> Fields =
        ["name", "description", "systemPrompt", "template", "maxTokens", "temperature", "tier", "model", "responseFormat", "version", "defaults"];

    private const int DefaultMaxTokens = 2048;
    private const double DefaultTemperature = 0.2;
    private const int MaxMaxTokens = 1_000_000;
    private const double MaxTemperature = 2.0;

    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
        AllowDuplicateProperties = false,
    };

    private static readonly Lazy<string> ShippedJson = new(() => ReadResource(DefaultsResource));
    private static readonly Lazy<string> Schema = new(() => ReadResource(SchemaResource));

    public static string ShippedDefaultsJson => ShippedJson.Value;

    public static string SchemaJson => Schema.Value;

    /// <summary>The shipped prompts merged with <paramref name="userJson"/> (null: no user file).</summary>
    public static PromptSet Build(string? userJson, string? userSource)
    {
        JsonObject shipped = ReadPrompts(ShippedJson.Value, ShippedSource);
        JsonObject? user = userJson is null ? null : ReadPrompts(userJson, userSource ?? "user prompts");
        return Merge(shipped, user, userSource ?? "user prompts");
    }

    /// <summary>Parses a prompt file and returns its <c>prompts</c> object (empty when absent).</summary>
    internal static JsonObject ReadPrompts(string json, string source)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            throw new PromptFileException($"{source}: the file is empty; write {{ \"prompts\": {{ }} }} for no overrides.");
        }

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: DocumentOptions);
        }
        catch (JsonException ex)
        {
            throw new PromptFileException($"{source}: not valid JSON: {ex.Message}", ex);
        }

        if (root is not JsonObject rootObject)
        {
            throw new PromptFileException($"{source}: the file must hold a JSON object with a \"prompts\" object.");
        }

        JsonObject? prompts = null;
        foreach ((string key, JsonNode? value) in rootObject)
        {
            if (key.StartsWith('$'))
            {
                continue;
            }

            if (key != "prompts")
            {
                throw new PromptFileException($"{source}: unknown top-level property '{key}'; prompts go in a \"prompts\" object.");
            }

            prompts = value as JsonObject
                ?? throw new PromptFileException($"{source}: \"prompts\" must be an object of prompts by name.");
        }

        prompts ??= [];
        foreach ((string name, JsonNode? entry) in prompts)
        {
            if (!IsPromptName(name))
            {
                throw new PromptFileException(
                    $"{source}: '{name}' is not a valid prompt name: use lower case letters, digits, '_', '-' or '.', starting with a letter.");
            }

            if (entry is not JsonObject entryObject)
            {
                throw new PromptFileException($"{source}: prompt '{name}' must be an object of fields.");
            }

            foreach ((string field, JsonNode? value) in entryObject)
            {
                if (field.StartsWith('$'))
                {
                    continue;
                }

                if (!Fields.Contains(field, StringComparer.Ordinal))
                {
                    throw new PromptFileException(
                        $"{source}: prompt '{name}': unknown field '{field}'. Known fields: {string.Join(", ", Fields)}.");
                }

                if (value is null)
                {
                    throw new PromptFileException($"{source}: prompt '{name}': '{field}' is null; give a value or leave the field out.");
                }
            }
        }

        return prompts;
    }

    internal static PromptSet Merge(JsonObject shipped, JsonObject? user, string userSource)
    {
        var definitions = new List<PromptDefinition>();
        foreach ((string name, JsonNode? entry) in shipped)
        {
            JsonObject shippedEntry = (JsonObject)entry!;
            if (user?[name] is JsonObject userEntry)
            {
                definitions.Add(Build(name, Overlay(shippedEntry, userEntry), PromptSource.Overridden, userSource));
            }
            else
            {
                definitions.Add(Build(name, shippedEntry, PromptSource.Shipped, ShippedSource));
            }
        }

        if (user is not null)
        {
            foreach ((string name, JsonNode? entry) in user)
            {
                if (!shipped.ContainsKey(name))
                {
                    definitions.Add(Build(name, (JsonObject)entry!, PromptSource.User, userSource));
                }
            }
        }

        return new PromptSet(definitions);
    }

    /// <summary>The shipped entry with every field the user entry sets replaced; <c>defaults</c> merge key by key.</summary>
    private static JsonObject Overlay(JsonObject shipped, JsonObject user)
    {
        var merged = (JsonObject)shipped.DeepClone();
        foreach ((string field, JsonNode? value) in user)
        {
            if (field == "defaults" && value is JsonObject userDefaults && merged["defaults"] is JsonObject shippedDefaults)
            {
                foreach ((string variable, JsonNode? defaultValue) in userDefaults)
                {
                    shippedDefaults[variable] = defaultValue?.DeepClone();
                }
            }
            else
            {
                merged[field] = value?.DeepClone();
            }
        }

        return merged;
    }

    private static PromptDefinition Build(string name, JsonObject entry, PromptSource source, string file)
    {
        string where = $"{file}: prompt '{name}'";

        string? declaredName = ReadString(entry, "name", where);
        if (declaredName is not null && declaredName != name)
        {
            throw new PromptFileException($"{where}: 'name' is '{declaredName}' but the prompt's key is '{name}'; they must match.");
        }

        string? templateText = ReadText(entry, "template", where);
        if (templateText is null)
        {
            throw new PromptFileException($"{where}: 'template' (the user message) is missing.");
        }

        int maxTokens = ReadInt(entry, "maxTokens", where) ?? DefaultMaxTokens;
        if (maxTokens is < 1 or > MaxMaxTokens)
        {
            throw new PromptFileException($"{where}: 'maxTokens' must be between 1 and {MaxMaxTokens} (got {maxTokens}).");
        }

        double temperature = ReadDouble(entry, "temperature", where) ?? DefaultTemperature;
        if (temperature is < 0 or > MaxTemperature || double.IsNaN(temperature))
        {
            throw new PromptFileException(
                $"{where}: 'temperature' must be between 0 and {MaxTemperature.ToString(CultureInfo.InvariantCulture)} (got {temperature.ToString(CultureInfo.InvariantCulture)}).");
        }

        PromptTier tier = PromptTier.Smart;
        if (ReadString(entry, "tier", where) is { } tierText && !PromptVocabulary.TryParseTier(tierText, out tier))
        {
            throw new PromptFileException($"{where}: 'tier' must be cheap, smart or fast (got '{tierText}').");
        }

        PromptResponseFormat format = PromptResponseFormat.Text;
        if (ReadString(entry, "responseFormat", where) is { } formatText && !PromptVocabulary.TryParseResponseFormat(formatText, out format))
        {
            throw new PromptFileException($"{where}: 'responseFormat' must be text or json (got '{formatText}').");
        }

        string? model = ReadString(entry, "model", where);
        if (model is not null && string.IsNullOrWhiteSpace(model))
        {
            throw new PromptFileException($"{where}: 'model' is empty; name a model or alias, or leave the field out to use the tier.");
        }

        return new PromptDefinition(
            name,
            ReadString(entry, "description", where) ?? "",
            ParseTemplate(ReadText(entry, "systemPrompt", where) ?? "", "systemPrompt", where),
            ParseTemplate(templateText, "template", where),
            maxTokens,
            temperature,
            tier,
            model?.Trim(),
            format,
            ReadVersion(entry, where),
            ReadDefaults(entry, where),
            source);
    }

    private static PromptTemplate ParseTemplate(string text, string field, string where)
    {
        try
        {
            return PromptTemplate.Parse(text);
        }
        catch (FormatException ex)
        {
            throw new PromptFileException($"{where}: '{field}' has an {ex.Message}.", ex);
        }
    }

    private static string? ReadString(JsonObject entry, string field, string where)
    {
        JsonNode? node = entry[field];
        if (node is null)
        {
            return null;
        }

        if (node.GetValueKind() != JsonValueKind.String)
        {
            throw new PromptFileException($"{where}: '{field}' must be a string (got {Describe(node)}).");
        }

        return node.GetValue<string>();
    }

    /// <summary>A string, or an array of strings joined as lines.</summary>
    private static string? ReadText(JsonObject entry, string field, string where)
    {
        JsonNode? node = entry[field];
        if (node is JsonArray lines)
        {
            var parts = new List<string>(lines.Count);
            foreach (JsonNode? line in lines)
            {
                if (line is null || line.GetValueKind() != JsonValueKind.String)
                {
                    throw new PromptFileException($"{where}: '{field}' must be a string or an array of strings (lines); found {Describe(line)} in the array.");
                }

                parts.Add(line.GetValue<string>());
            }

            return string.Join('\n', parts);
        }

        if (node is not null && node.GetValueKind() != JsonValueKind.String)
        {
            throw new PromptFileException($"{where}: '{field}' must be a string or an array of strings (lines) (got {Describe(node)}).");
        }

        return node?.GetValue<string>();
    }

    private static int? ReadInt(JsonObject entry, string field, string where)
    {
        JsonNode? node = entry[field];
        if (node is null)
        {
            return null;
        }

        if (node.GetValueKind() != JsonValueKind.Number || !node.AsValue().TryGetValue(out long value) || value is < int.MinValue or > int.MaxValue)
        {
            throw new PromptFileException($"{where}: '{field}' must be a whole number (got {Describe(node)}).");
        }

        return (int)value;
    }

    private static double? ReadDouble(JsonObject entry, string field, string where)
    {
        JsonNode? node = entry[field];
        if (node is null)
        {
            return null;
        }

        if (node.GetValueKind() != JsonValueKind.Number || !node.AsValue().TryGetValue(out double value))
        {
            throw new PromptFileException($"{where}: '{field}' must be a number (got {Describe(node)}).");
        }

        return value;
    }

    private static string? ReadVersion(JsonObject entry, string where)
    {
        JsonNode? node = entry["version"];
        if (node is null)
        {
            return null;
        }

        string text = node.GetValueKind() switch
        {
            JsonValueKind.String => node.GetValue<string>().Trim(),
            JsonValueKind.Number when node.AsValue().TryGetValue(out long number) => number.ToString(CultureInfo.InvariantCulture),
            _ => throw new PromptFileException($"{where}: 'version' must be a string or a whole number (got {Describe(node)})."),
        };
        if (text.Length == 0)
        {
            throw new PromptFileException($"{where}: 'version' is empty; give a label or leave the field out.");
        }

        return text;
    }

    private static Dictionary<string, string> ReadDefaults(JsonObject entry, string where)
    {
        var defaults = new Dictionary<string, string>(StringComparer.Ordinal);
        JsonNode? node = entry["defaults"];
        if (node is null)
        {
            return defaults;
        }

        if (node is not JsonObject values)
        {
            throw new PromptFileException($"{where}: 'defaults' must be an object of variable names to strings (got {Describe(node)}).");
        }

        foreach ((string variable, JsonNode? value) in values)
        {
            if (!PromptTemplate.IsVariableName(variable))
            {
                throw new PromptFileException($"{where}: 'defaults' has '{variable}', which is not a variable name (a letter or '_', then letters, digits or '_').");
            }

            if (value is null || value.GetValueKind() != JsonValueKind.String)
            {
                throw new PromptFileException($"{where}: the default for '{variable}' must be a string (got {Describe(value)}).");
            }

            defaults[variable] = value.GetValue<string>();
        }

        return defaults;
    }

    private static bool IsPromptName(string name)
    {
        if (name.Length == 0 || !char.IsAsciiLetterLower(name[0]))
        {
            return false;
        }

        foreach (char c in name)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '-' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    private static string Describe(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "an object",
        JsonArray => "an array",
        _ => node.ToJsonString(),
    };

    private static string ReadResource(string name)
    {
        using Stream stream = typeof(PromptFile).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The embedded resource '{name}' is missing from Purser.Core.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
