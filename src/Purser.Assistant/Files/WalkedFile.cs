namespace Purser.Assistant.Files;

/// <summary>A file found by <see cref="FileWalker"/>: where it is, its path from the root ('/' separators), size and write time.</summary>
internal sealed record WalkedFile(string FullPath, string RelativePath, long Bytes, DateTimeOffset LastWriteUtc);
