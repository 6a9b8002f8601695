namespace Purser.Assistant.Review;

/// <summary>The diff text one review call sends, and the files in it.</summary>
internal sealed record ReviewPart(IReadOnlyList<string> Files, string Diff, long Tokens, bool Clipped);
