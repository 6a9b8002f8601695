namespace Purser.ResponseState;

/// <summary>Where the conversation state of Responses calls is kept (<c>SqliteResponseStore</c>; in memory without a database).</summary>
internal interface IResponseStore
{
    Task<StoredResponse?> GetAsync(string id, CancellationToken cancellationToken);

    Task WriteAsync(IReadOnlyList<StoredResponse> responses, CancellationToken cancellationToken);

    /// <summary>Removes one response; false when there was none.</summary>
    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken);

    /// <summary>Removes the expired responses, then the oldest until the rest fit in <paramref name="maxBytes"/>; returns how many went.</summary>
    Task<int> PurgeAsync(DateTimeOffset now, long maxBytes, CancellationToken cancellationToken);
}
