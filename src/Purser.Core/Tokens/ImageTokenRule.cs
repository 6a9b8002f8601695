using Purser.Chat;

namespace Purser.Tokens;

/// <summary>
/// Estimates the prompt tokens of an image from its pixel size, read from the image header when the image is inline.
/// Images given by URL have no known size and get the rule's worst case, since these counts feed budget reservations.
/// </summary>
internal sealed record ImageTokenRule(ImageTokenRuleKind Kind, int BaseTokens = 85, int TileTokens = 170, double PatchMultiplier = 1.0)
{
    /// <summary>OpenAI tiles at 85 + 170 per tile: GPT-4o, GPT-4.1, GPT-4.5. (GPT-5 and o1/o3 list lower figures; using these over-counts slightly.)</summary>
    public static readonly ImageTokenRule OpenAITiles = new(ImageTokenRuleKind.OpenAITiles);

    /// <summary>GPT-4o mini bills images at 2833 + 5667 per tile (so they cost what they cost on GPT-4o).</summary>
    public static readonly ImageTokenRule OpenAITilesMini = new(ImageTokenRuleKind.OpenAITiles, 2833, 5667);

    public static readonly ImageTokenRule Anthropic = new(ImageTokenRuleKind.Anthropic);

    public static readonly ImageTokenRule Gemini = new(ImageTokenRuleKind.Gemini);

    /// <summary>OpenAI's high-detail cap: 4 × 2 tiles (2048 × 768 after scaling).</summary>
    internal const int MaxOpenAITiles = 8;

    internal const int MaxPatches = 1536;

    /// <summary>Anthropic's documented ceiling for an image that is not resized further (~1.15 megapixels).</summary>
    internal const int AnthropicMaxTokens = 1600;

    /// <summary>Gemini default for an unknown size: five 768 px tiles (a large photo).</summary>
    internal const int GeminiUnknownTokens = 5 * 258;

    /// <summary>The image rule for an OpenAI model name (already normalised).</summary>
    public static ImageTokenRule ForOpenAIModel(string name)
    {
        // Multipliers as OpenAI's vision guide lists them; the API has been seen billing less for GPT-5 mini/nano, so
        // these err high.
        if (name.StartsWith("gpt-4o-mini", StringComparison.Ordinal))
        {
            return OpenAITilesMini;
        }

        double multiplier = name switch
        {
            _ when name.StartsWith("gpt-4.1-mini", StringComparison.Ordinal) => 1.62,
            _ when name.StartsWith("gpt-4.1-nano", StringComparison.Ordinal) => 2.46,
            _ when name.StartsWith("gpt-5-mini", StringComparison.Ordinal) => 1.62,
            _ when name.StartsWith("gpt-5-nano", StringComparison.Ordinal) => 2.46,
            _ when name.StartsWith("o4-mini", StringComparison.Ordinal) => 1.72,
            _ when name.StartsWith("codex-mini", StringComparison.Ordinal) => 1.72,
            _ => 0,
        };
        return multiplier > 0 ? new ImageTokenRule(ImageTokenRuleKind.OpenAIPatches, PatchMultiplier: multiplier) : OpenAITiles;
    }

    /// <summary>Estimated prompt tokens of <paramref name="image"/>.</summary>
    public long Estimate(ImagePart image)
    {
        bool known = ImageDimensions.TryRead(image, out int width, out int height);
        bool low = string.Equals(image.Detail, "low", StringComparison.OrdinalIgnoreCase);
        return Kind switch
        {
            ImageTokenRuleKind.OpenAITiles => low ? BaseTokens : BaseTokens + ((long)TileTokens * (known ? OpenAITileCount(width, height) : MaxOpenAITiles)),
            ImageTokenRuleKind.OpenAIPatches => (long)Math.Ceiling((known ? PatchCount(width, height) : MaxPatches) * PatchMultiplier),
            ImageTokenRuleKind.Anthropic => known ? AnthropicTokens(width, height) : AnthropicMaxTokens,
            _ => known ? GeminiTokens(width, height) : GeminiUnknownTokens,
        };
    }

    internal static int OpenAITileCount(int width, int height)
    {
        double w = width;
        double h = height;
        if (w > 2048 || h > 2048)
        {
            double scale = 2048 / Math.Max(w, h);
            w = Math.Floor(w * scale);
            h = Math.Floor(h * scale);
        }

        if (Math.Min(w, h) > 768)
        {
            double scale = 768 / Math.Min(w, h);
            w = Math.Floor(w * scale);
            h = Math.Floor(h * scale);
        }

        return (int)(Math.Ceiling(w / 512) * Math.Ceiling(h / 512));
    }

    internal static int PatchCount(int width, int height)
    {
        double w = width;
        double h = height;
        double patches = Math.Ceiling(w / 32) * Math.Ceiling(h / 32);
        if (patches > MaxPatches)
        {
            // Shrink to the patch budget, then so the width is a whole number of patches (OpenAI's worked example).
            double shrink = Math.Sqrt(MaxPatches * 32.0 * 32.0 / (w * h));
            w *= shrink;
            h *= shrink;
            double fit = Math.Floor(w / 32) / (w / 32);
            w *= fit;
            h *= fit;
            patches = CeilingOf(w / 32) * CeilingOf(h / 32);
        }

        return (int)Math.Min(patches, MaxPatches);
    }

    /// <summary>Ceiling that ignores floating-point noise (1408.0000001 / 32 is 44 patches, not 45).</summary>
    private static double CeilingOf(double value) => Math.Ceiling(value - 1e-9);

    internal static long AnthropicTokens(int width, int height)
    {
        double w = width;
        double h = height;
        double longEdge = Math.Max(w, h);
        if (longEdge > 1568)
        {
            w = w * 1568 / longEdge;
            h = h * 1568 / longEdge;
        }

        return (long)Math.Min(Math.Ceiling(w * h / 750), AnthropicMaxTokens);
    }

    internal static long GeminiTokens(int width, int height) =>
        width <= 384 && height <= 384 ? 258 : 258L * (long)(Math.Ceiling(width / 768.0) * Math.Ceiling(height / 768.0));
}
