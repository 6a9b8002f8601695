namespace Purser.Providers.Gemini;

/// <summary>What Purser needs to know about a Gemini model name.</summary>
internal static class GeminiModel
{
    /// <summary>The model without a leading "models/" (configuration may name it either way).</summary>
    public static string Bare(string model) =>
        model.StartsWith("models/", StringComparison.Ordinal) ? model["models/".Length..] : model;

    /// <summary>The URL path of the model: "models/{id}", or a tuned model's own "tunedModels/{id}".</summary>
    public static string Path(string model)
    {
        string bare = Bare(model);
        return bare.StartsWith("tunedModels/", StringComparison.Ordinal)
            ? "tunedModels/" + Uri.EscapeDataString(bare["tunedModels/".Length..])
            : "models/" + Uri.EscapeDataString(bare);
    }

    /// <summary>
    /// Gemini 3 and later take a thinking level; a token budget still works there, so names whose version Purser cannot
    /// read (aliases such as gemini-flash-latest) get a budget, which every thinking model accepts.
    /// </summary>
    public static bool UsesThinkingLevel(string model) => MajorVersion(Bare(model)) >= 3;

    /// <summary>
    /// Gemini 3 and later refuse function calls in the history without a thought signature. Earlier models and Gemma
    /// do not check, so they are sent no placeholder; unknown names are (the placeholder is harmless).
    /// </summary>
    public static bool NeedsThoughtSignatures(string model)
    {
        string bare = Bare(model);
        return MajorVersion(bare) is not (>= 1 and < 3) && !bare.StartsWith("gemma", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The major version in "gemini-2.5-flash" (2), or 0 when the name has none.</summary>
    private static int MajorVersion(string bare)
    {
        const string prefix = "gemini-";
        if (!bare.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return 0;
        }

        int version = 0;
        for (int i = prefix.Length; i < bare.Length && char.IsAsciiDigit(bare[i]); i++)
        {
            version = (version * 10) + (bare[i] - '0');
        }

        return version;
    }
}
