namespace Purser.Compression;

/// <summary>A compressed prompt and what it saved.</summary>
/// <param name="Text">The compressed text.</param>
/// <param name="Savings">Characters (and tokens, when counted) before and after.</param>
internal sealed record CompressionResult(string Text, CompressionSavings Savings)
{
    public long OriginalChars => Savings.OriginalChars;

    public long CompressedChars => Savings.CompressedChars;

    /// <summary>Tokens saved; null when no token counter was given.</summary>
    public long? SavedTokens => Savings.SavedTokens;
}
