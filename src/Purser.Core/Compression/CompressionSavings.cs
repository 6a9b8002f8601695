namespace Purser.Compression;

/// <summary>What compression saved, in characters and, when a token counter was given, in tokens.</summary>
internal readonly record struct CompressionSavings(long OriginalChars, long CompressedChars, long? OriginalTokens = null, long? CompressedTokens = null)
{
    public long SavedChars => OriginalChars - CompressedChars;

    /// <summary>Tokens saved (for the ledger); null when no token counter was given.</summary>
    public long? SavedTokens => OriginalTokens - CompressedTokens;

    public static CompressionSavings operator +(CompressionSavings a, CompressionSavings b) =>
        new(a.OriginalChars + b.OriginalChars, a.CompressedChars + b.CompressedChars, a.OriginalTokens + b.OriginalTokens, a.CompressedTokens + b.CompressedTokens);

    public static CompressionSavings Add(CompressionSavings left, CompressionSavings right) => left + right;
}
