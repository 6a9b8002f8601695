namespace Purser.Tokens;

/// <summary>The tokens of one opaque part, its shape, and whether it is content Purser cannot measure.</summary>
internal readonly record struct MediaCount(long Tokens, PromptShape Shape, bool Unbounded);
