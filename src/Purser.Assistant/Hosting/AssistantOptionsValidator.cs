using Purser.Assistant.Languages;

namespace Purser.Assistant.Hosting;

/// <summary>Checks <c>Purser:Assistant</c> at start-up; every error names its key.</summary>
internal static class AssistantOptionsValidator
{
    public static IReadOnlyList<string> Validate(AssistantOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string Key = AssistantOptions.SectionName;
        var errors = new List<string>();
        if (options.Model is { } model && string.IsNullOrWhiteSpace(model))
        {
            errors.Add($"{Key}:Model must not be empty (leave it out to use the default model rule).");
        }

        foreach ((string operation, string value) in options.Models)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                errors.Add($"{Key}:Models:{operation} must name a model.");
            }
        }

        if (options.MaxCodeBytes is < 1 or > 10 * 1024 * 1024)
        {
            errors.Add($"{Key}:MaxCodeBytes must be between 1 and 10485760 (got {options.MaxCodeBytes}).");
        }

        for (int i = 0; i < options.AllowedLanguages.Count; i++)
        {
            if (LanguageDetector.Find(options.AllowedLanguages[i]) is null)
            {
                errors.Add($"{Key}:AllowedLanguages:{i} '{options.AllowedLanguages[i]}' is not a language Purser recognises ({string.Join(", ", LanguageDetector.All.Select(l => l.Id))}).");
            }
        }

        if (options.MaxContextBytes < 1)
        {
            errors.Add($"{Key}:MaxContextBytes must be at least 1.");
        }

        if (options.MaxErrorLogBytes < 1)
        {
            errors.Add($"{Key}:MaxErrorLogBytes must be at least 1.");
        }

        if (options.Review.MaxDiffTokens < 500)
        {
            errors.Add($"{Key}:Review:MaxDiffTokens must be at least 500 (got {options.Review.MaxDiffTokens}).");
        }

        if (!string.Equals(options.Review.LargeDiffPolicy, "split", StringComparison.OrdinalIgnoreCase)
            && !string.Equals(options.Review.LargeDiffPolicy, "clip", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"{Key}:Review:LargeDiffPolicy must be split or clip (got '{options.Review.LargeDiffPolicy}').");
        }

        if (options.Review.MaxParts is < 1 or > 100)
        {
            errors.Add($"{Key}:Review:MaxParts must be between 1 and 100 (got {options.Review.MaxParts}).");
        }

        if (options.Batch.Concurrency is < 1 or > 64)
        {
            errors.Add($"{Key}:Batch:Concurrency must be between 1 and 64 (got {options.Batch.Concurrency}).");
        }

        if (options.Batch.MaxFiles < 1)
        {
            errors.Add($"{Key}:Batch:MaxFiles must be at least 1.");
        }

        CheckUri(options.Sarif.InformationUri, $"{Key}:Sarif:InformationUri", errors);
        CheckUri(options.Sarif.HelpUriBase, $"{Key}:Sarif:HelpUriBase", errors);
        return errors;
    }

    private static void CheckUri(string? value, string key, List<string> errors)
    {
        if (value is not null && (!Uri.TryCreate(value, UriKind.Absolute, out Uri? uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
        {
            errors.Add($"{key} '{value}' is not an absolute http(s) URL.");
        }
    }
}
