namespace Purser.Assistant.Repositories;

/// <summary>A file found by a repository scan: path from the root, language, size, lines, whether binary.</summary>
internal sealed record RepositoryFile(string Path, string? Language, long Bytes, long Lines, bool IsBinary, DateTimeOffset Modified);
