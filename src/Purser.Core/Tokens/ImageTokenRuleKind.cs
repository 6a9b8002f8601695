namespace Purser.Tokens;

/// <summary>How a provider turns an image into prompt tokens.</summary>
internal enum ImageTokenRuleKind
{
    /// <summary>OpenAI 512 px tiles: fit in 2048², shortest side to 768, base + per-tile tokens (GPT-4o, GPT-4.1, GPT-5, o-series).</summary>
    OpenAITiles,

    /// <summary>OpenAI 32 px patches, at most 1536, times a model multiplier (GPT-4.1 mini/nano, o4-mini, GPT-5 mini/nano).</summary>
    OpenAIPatches,

    /// <summary>Anthropic: about width × height / 750 after resizing to at most 1568 px and ~1.15 megapixels.</summary>
    Anthropic,

    /// <summary>Gemini: 258 tokens up to 384 px, else 258 per 768 px tile.</summary>
    Gemini,
}
