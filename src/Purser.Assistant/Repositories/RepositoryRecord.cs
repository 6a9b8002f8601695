namespace Purser.Assistant.Repositories;

/// <summary>A registered repository and what its last scan found.</summary>
internal sealed record RepositoryRecord
{
    public long Id { get; init; }

    public required string Name { get; init; }

    /// <summary>The root folder (full path).</summary>
    public required string Root { get; init; }

    public DateTimeOffset AddedAt { get; init; }

    /// <summary>When <c>repo analyze</c> last scanned it; null when never.</summary>
    public DateTimeOffset? ScannedAt { get; init; }

    public long Files { get; init; }

    public long Lines { get; init; }

    public long Bytes { get; init; }
}
