namespace Purser.Assistant.Repositories;

/// <summary>Registered repositories and the files of their last scan.</summary>
internal interface IRepositoryStore
{
    /// <summary>Registers a repository; null when the name or root is taken (see <see cref="FindAsync"/>).</summary>
    Task<RepositoryRecord?> AddAsync(string name, string root, DateTimeOffset at, CancellationToken cancellationToken);

    Task<IReadOnlyList<RepositoryRecord>> ListAsync(CancellationToken cancellationToken);

    /// <summary>By name (case-insensitive) or root folder.</summary>
    Task<RepositoryRecord?> FindAsync(string nameOrRoot, CancellationToken cancellationToken);

    Task<bool> RemoveAsync(long id, CancellationToken cancellationToken);

    /// <summary>Replaces the repository's file list with a new scan.</summary>
    Task SaveScanAsync(long id, IReadOnlyList<RepositoryFile> files, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>The files of the last scan, by path; only <paramref name="language"/> when given.</summary>
    Task<IReadOnlyList<RepositoryFile>> FilesAsync(long id, string? language, CancellationToken cancellationToken);
}
