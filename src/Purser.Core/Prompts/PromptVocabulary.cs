namespace Purser.Prompts;

/// <summary>The words the prompt file uses for tiers and response formats.</summary>
internal static class PromptVocabulary
{
    public static string ToAlias(PromptTier tier) => tier switch
    {
        PromptTier.Cheap => "cheap",
        PromptTier.Smart => "smart",
        PromptTier.Fast => "fast",
        _ => throw new ArgumentOutOfRangeException(nameof(tier), tier, null),
    };

    public static bool TryParseTier(string text, out PromptTier tier)
    {
        foreach (PromptTier candidate in Enum.GetValues<PromptTier>())
        {
            if (string.Equals(text, ToAlias(candidate), StringComparison.OrdinalIgnoreCase))
            {
                tier = candidate;
                return true;
            }
        }

        tier = default;
        return false;
    }

    public static string ToName(PromptResponseFormat format) => format switch
    {
        PromptResponseFormat.Text => "text",
        PromptResponseFormat.Json => "json",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };

    public static bool TryParseResponseFormat(string text, out PromptResponseFormat format)
    {
        foreach (PromptResponseFormat candidate in Enum.GetValues<PromptResponseFormat>())
        {
            if (string.Equals(text, ToName(candidate), StringComparison.OrdinalIgnoreCase))
            {
                format = candidate;
                return true;
            }
        }

        format = default;
        return false;
    }
}
