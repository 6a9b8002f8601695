namespace Purser.Assistant.Review;

/// <summary>A file of the diff that was not reviewed, and why.</summary>
internal sealed record SkippedFile(string Path, string Reason);
