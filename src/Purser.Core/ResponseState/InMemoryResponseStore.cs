using System.Collections.Concurrent;

namespace Purser.ResponseState;

/// <summary>Conversation state in memory (tests, embedders without a database); the same purging rules as the database.</summary>
internal sealed class InMemoryResponseStore : IResponseStore
{
    private readonly ConcurrentDictionary<string, StoredResponse> _responses = new(StringComparer.Ordinal);

    public int Count => _responses.Count;

    public Task<StoredResponse?> GetAsync(string id, CancellationToken cancellationToken) => Task.FromResult(_responses.GetValueOrDefault(id));

    public Task WriteAsync(IReadOnlyList<StoredResponse> responses, CancellationToken cancellationToken)
    {
        foreach (StoredResponse response in responses)
        {
            _responses[response.Id] = response;
        }

        return Task.CompletedTask;
    }

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken) => Task.FromResult(_responses.TryRemove(id, out _));

    public Task<int> PurgeAsync(DateTimeOffset now, long maxBytes, CancellationToken cancellationToken)
    {
        int removed = 0;
        foreach (StoredResponse expired in _responses.Values.Where(r => r.ExpiresAt <= now).ToList())
        {
            removed += _responses.TryRemove(expired.Id, out _) ? 1 : 0;
        }

        long total = _responses.Values.Sum(r => r.Bytes);
        foreach (StoredResponse oldest in _responses.Values.OrderBy(r => r.CreatedAt).ToList())
        {
            if (total <= maxBytes)
            {
                break;
            }

            if (_responses.TryRemove(oldest.Id, out _))
            {
                total -= oldest.Bytes;
                removed++;
            }
        }

        return Task.FromResult(removed);
    }
}
