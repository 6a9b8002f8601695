namespace Purser.Pricing;

/// <summary>How model names seen in requests and responses are mapped onto catalog names.</summary>
internal static class ModelNames
{
    /// <summary>Vendor prefixes used by aggregators (OpenRouter: <c>x-ai/grok-4</c>) mapped to catalog provider names.</summary>
    private static readonly Dictionary<string, string> VendorToProvider = new(StringComparer.OrdinalIgnoreCase)
    {
        ["x-ai"] = "xai",
        ["grok"] = "xai",
        ["google"] = "gemini",
        ["mistralai"] = "mistral",
    };

    /// <summary>Splits <c>provider/model</c> at the first '/'; false unless both parts are non-empty.</summary>
    public static bool TrySplit(string id, out string provider, out string model)
    {
        int slash = id.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == id.Length - 1)
        {
            provider = "";
            model = id;
            return false;
        }

        provider = id[..slash];
        model = id[(slash + 1)..];
        return true;
    }

    public static string Qualify(string provider, string model) => provider + "/" + model;

    /// <summary>The catalog provider a vendor prefix stands for (<c>x-ai</c> → <c>xai</c>); itself when not mapped.</summary>
    public static string CanonicalProvider(string vendor) =>
        VendorToProvider.TryGetValue(vendor, out string? provider) ? provider : vendor;

    /// <summary>
    /// Spellings of a bare model name to try after the name itself, most specific first: Ollama's
    /// <c>:latest</c> tag dropped; dots in version numbers as dashes (OpenRouter's <c>claude-sonnet-4.5</c>);
    /// a dated snapshot suffix dropped (<c>-20250929</c>, <c>-2025-08-06</c>); a <c>-latest</c> suffix dropped.
    /// </summary>
    public static IEnumerable<string> Variants(string model)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { model };
        var current = new List<string> { model };
        Func<string, string?>[] transforms = [StripOllamaLatestTag, DotsToDashes, StripDateSuffix, StripLatestSuffix];
        foreach (Func<string, string?> transform in transforms)
        {
            int count = current.Count;
            for (int i = 0; i < count; i++)
            {
                if (transform(current[i]) is { Length: > 0 } variant && seen.Add(variant))
                {
                    current.Add(variant);
                    yield return variant;
                }
            }
        }
    }

    private static string? StripOllamaLatestTag(string model) =>
        model.EndsWith(":latest", StringComparison.OrdinalIgnoreCase) ? model[..^":latest".Length] : null;

    private static string? DotsToDashes(string model) =>
        model.Contains('.', StringComparison.Ordinal) ? model.Replace('.', '-') : null;

    private static string? StripLatestSuffix(string model) =>
        model.EndsWith("-latest", StringComparison.OrdinalIgnoreCase) ? model[..^"-latest".Length] : null;

    /// <summary>Drops <c>-YYYYMMDD</c> or <c>-YYYY-MM-DD</c> (not 4-digit suffixes: Mistral's <c>-2411</c> are distinct models).</summary>
    internal static string? StripDateSuffix(string model)
    {
        if (model.Length > 11 && IsIsoDate(model.AsSpan(model.Length - 10)) && model[^11] == '-')
        {
            return model[..^11];
        }

        if (model.Length > 9 && IsDigits(model.AsSpan(model.Length - 8)) && model[^9] == '-' && model[^8] is '1' or '2')
        {
            return model[..^9];
        }

        return null;
    }

    private static bool IsIsoDate(ReadOnlySpan<char> s) =>
        s.Length == 10 && IsDigits(s[..4]) && s[4] == '-' && IsDigits(s[5..7]) && s[7] == '-' && IsDigits(s[8..]);

    private static bool IsDigits(ReadOnlySpan<char> s)
    {
        foreach (char c in s)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return s.Length > 0;
    }
}
