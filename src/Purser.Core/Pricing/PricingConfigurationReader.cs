using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Purser.Pricing;

/// <summary>
/// Reads <c>Purser:Pricing:&lt;provider/model&gt;</c> entries into catalog patches, with an error naming the key
/// for each invalid value. Fields are those of <c>catalog.json</c>, case-insensitive.
/// </summary>
internal static class PricingConfigurationReader
{
    internal const string ExpectedFields =
        "Input, Output, CachedInput, CacheWrite, CacheWrite1h, Reasoning, ContextWindow, MaxOutput, LongContext, Aliases, Verified, Source, Notes";

    private const string ExpectedLongContextFields = "Threshold, Input, Output, CachedInput, CacheWrite, CacheWrite1h, Reasoning";

    public static List<(string Id, string Path, CatalogModel Patch)> Read(IConfiguration section, ICollection<string> errors)
    {
        var entries = new List<(string, string, CatalogModel)>();
        foreach (IConfigurationSection entry in section.GetChildren())
        {
            string path = entry.Path;
            if (!ModelNames.TrySplit(entry.Key, out _, out _))
            {
                errors.Add($"{path} must be named provider/model (for example Purser:Pricing:openai/gpt-4o or Purser:Pricing:ollama/llama3).");
                continue;
            }

            if (!entry.GetChildren().Any())
            {
                errors.Add($"{path} must be a section with pricing fields ({ExpectedFields}), not a single value.");
                continue;
            }

            entries.Add((entry.Key, path, ReadModel(entry, errors)));
        }

        return entries;
    }

    private static CatalogModel ReadModel(IConfigurationSection entry, ICollection<string> errors)
    {
        var model = new CatalogModel();
        foreach (IConfigurationSection field in entry.GetChildren())
        {
            switch (field.Key.ToUpperInvariant())
            {
                case "INPUT":
                    model.Input = ReadPrice(field, errors);
                    break;
                case "OUTPUT":
                    model.Output = ReadPrice(field, errors);
                    break;
                case "CACHEDINPUT":
                    model.CachedInput = ReadPrice(field, errors);
                    break;
                case "CACHEWRITE":
                    model.CacheWrite = ReadPrice(field, errors);
                    break;
                case "CACHEWRITE1H":
                    model.CacheWrite1h = ReadPrice(field, errors);
                    break;
                case "REASONING":
                    model.Reasoning = ReadPrice(field, errors);
                    break;
                case "CONTEXTWINDOW":
                    model.ContextWindow = ReadTokens(field, errors);
                    break;
                case "MAXOUTPUT":
                case "MAXOUTPUTTOKENS":
                    model.MaxOutput = ReadTokens(field, errors);
                    break;
                case "LONGCONTEXT":
                    model.LongContext = ReadLongContext(field, errors);
                    break;
                case "ALIASES":
                    model.Aliases = ReadAliases(field);
                    break;
                case "VERIFIED":
                    model.Verified = ReadBool(field, errors);
                    break;
                case "SOURCE":
                    model.Source = ReadText(field, errors);
                    break;
                case "NOTES":
                    model.Notes = ReadText(field, errors);
                    break;
                default:
                    errors.Add($"{field.Path} is not a pricing field (expected {ExpectedFields}).");
                    break;
            }
        }

        return model;
    }

    private static CatalogLongContext? ReadLongContext(IConfigurationSection section, ICollection<string> errors)
    {
        if (!section.GetChildren().Any())
        {
            errors.Add($"{section.Path} must be a section ({ExpectedLongContextFields}).");
            return null;
        }

        var tier = new CatalogLongContext();
        foreach (IConfigurationSection field in section.GetChildren())
        {
            switch (field.Key.ToUpperInvariant())
            {
                case "THRESHOLD":
                    tier.Threshold = ReadTokens(field, errors);
                    break;
                case "INPUT":
                    tier.Input = ReadPrice(field, errors);
                    break;
                case "OUTPUT":
                    tier.Output = ReadPrice(field, errors);
                    break;
                case "CACHEDINPUT":
                    tier.CachedInput = ReadPrice(field, errors);
                    break;
                case "CACHEWRITE":
                    tier.CacheWrite = ReadPrice(field, errors);
                    break;
                case "CACHEWRITE1H":
                    tier.CacheWrite1h = ReadPrice(field, errors);
                    break;
                case "REASONING":
                    tier.Reasoning = ReadPrice(field, errors);
                    break;
                default:
                    errors.Add($"{field.Path} is not a long-context field (expected {ExpectedLongContextFields}).");
                    break;
            }
        }

        return tier;
    }

    private static decimal? ReadPrice(IConfigurationSection field, ICollection<string> errors)
    {
        if (!TryGetScalar(field, "a number (USD per 1M tokens)", errors, out string? text))
        {
            return null;
        }

        if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out decimal value))
        {
            errors.Add($"{field.Path} must be a number (USD per 1M tokens), not '{text}'.");
            return null;
        }

        if (value < 0)
        {
            errors.Add($"{field.Path} must be >= 0 (got {text}).");
            return null;
        }

        return value;
    }

    private static long? ReadTokens(IConfigurationSection field, ICollection<string> errors)
    {
        if (!TryGetScalar(field, "a whole number of tokens", errors, out string? text))
        {
            return null;
        }

        if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long value))
        {
            errors.Add($"{field.Path} must be a whole number of tokens, not '{text}'.");
            return null;
        }

        if (value <= 0)
        {
            errors.Add($"{field.Path} must be > 0 (got {text}).");
            return null;
        }

        return value;
    }

    private static bool? ReadBool(IConfigurationSection field, ICollection<string> errors)
    {
        if (!TryGetScalar(field, "true or false", errors, out string? text))
        {
            return null;
        }

        if (!bool.TryParse(text, out bool value))
        {
            errors.Add($"{field.Path} must be true or false, not '{text}'.");
            return null;
        }

        return value;
    }

    private static string? ReadText(IConfigurationSection field, ICollection<string> errors) =>
        TryGetScalar(field, "text", errors, out string? text) ? text : null;

    /// <summary>Aliases as a list (<c>Aliases:0</c>, <c>Aliases:1</c>…) or one comma-separated value.</summary>
    private static List<string> ReadAliases(IConfigurationSection field)
    {
        IEnumerable<string?> values = field.GetChildren().Any()
            ? field.GetChildren().Select(child => child.Value)
            : (field.Value ?? "").Split(',');

        return values
            .Select(value => value?.Trim())
            .Where(value => !string.IsNullOrEmpty(value))
            .Select(value => value!)
            .ToList();
    }

    /// <summary>A field's value when it is a plain, non-empty value; an empty value means "not set".</summary>
    private static bool TryGetScalar(IConfigurationSection field, string expected, ICollection<string> errors, out string? text)
    {
        text = field.Value?.Trim();
        if (field.GetChildren().Any())
        {
            errors.Add($"{field.Path} must be {expected}, not a section.");
            return false;
        }

        return !string.IsNullOrEmpty(text);
    }
}
