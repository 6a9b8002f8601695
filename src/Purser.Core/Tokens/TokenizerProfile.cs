namespace Purser.Tokens;

/// <summary>What Purser knows about counting tokens for one model: its text counter and how it bills images.</summary>
internal sealed record TokenizerProfile(ITokenCounter Text, ImageTokenRule Images);
