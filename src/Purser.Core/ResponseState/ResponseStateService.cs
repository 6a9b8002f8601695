using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Purser.Configuration;

namespace Purser.ResponseState;

/// <summary>
/// Keeps the conversation state of Responses calls so that <c>previous_response_id</c> works whatever provider answered.
/// A saved response is visible at once (held in memory until written) and written behind by one background writer, so
/// the request path never waits for the database; expired state and state past the size cap are purged about once a
/// minute. A response belongs to the virtual key that created it: another key (or no key) sees it as unknown.
/// </summary>
internal sealed partial class ResponseStateService : IAsyncDisposable
{
    private static readonly TimeSpan PurgeEvery = TimeSpan.FromMinutes(1);
    private readonly IResponseStore _store;
    private readonly ResponseStateOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ResponseStateService> _logger;
    private readonly ConcurrentDictionary<string, StoredResponse> _pending = new(StringComparer.Ordinal);
    private readonly Channel<StoredResponse> _writes = Channel.CreateUnbounded<StoredResponse>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Task _writer;
    private DateTimeOffset _lastPurge = DateTimeOffset.MinValue;

    public ResponseStateService(IResponseStore store, PurserOptions options, TimeProvider time, ILogger<ResponseStateService> logger)
    {
        _store = store;
        _options = options.Responses;
        _time = time;
        _logger = logger;
        _writer = Task.Run(RunWriterAsync);
    }

    /// <summary>Keeps a finished response: the input items it added and the response object.</summary>
    public void Save(string id, string? previousResponseId, string? keyId, byte[] input, byte[] response)
    {
        DateTimeOffset now = _time.GetUtcNow();
        var stored = new StoredResponse(id, previousResponseId, keyId, now, now + TimeSpan.FromDays(_options.StateTtlDays), input, response);
        _pending[id] = stored;
        _writes.Writer.TryWrite(stored);
    }

    /// <summary>A stored response the caller may see; null when unknown, expired, or another key's.</summary>
    public async Task<StoredResponse?> GetAsync(string id, string? keyId, CancellationToken cancellationToken)
    {
        StoredResponse? stored = _pending.GetValueOrDefault(id) ?? await _store.GetAsync(id, cancellationToken);
        return stored is null || stored.ExpiresAt <= _time.GetUtcNow() || !string.Equals(stored.KeyId, keyId, StringComparison.Ordinal) ? null : stored;
    }

    /// <summary>Deletes a stored response the caller may see; false when there is none.</summary>
    public async Task<bool> DeleteAsync(string id, string? keyId, CancellationToken cancellationToken)
    {
        if (await GetAsync(id, keyId, cancellationToken) is null)
        {
            return false;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            _pending.TryRemove(id, out _);
            await _store.DeleteAsync(id, cancellationToken);
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// The whole conversation up to and including the response <paramref name="id"/>, oldest first: each stored call's
    /// input items followed by its output items. Null when it, or any response before it, is unknown to the caller.
    /// </summary>
    public async Task<List<JsonNode>?> ConversationAsync(string id, string? keyId, CancellationToken cancellationToken)
    {
        var chain = new List<StoredResponse>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (string? next = id; next is not null; next = chain[^1].PreviousResponseId)
        {
            if (!seen.Add(next) || await GetAsync(next, keyId, cancellationToken) is not { } stored)
            {
                return null;
            }

            chain.Add(stored);
        }

        var items = new List<JsonNode>();
        for (int i = chain.Count - 1; i >= 0; i--)
        {
            if (JsonNode.Parse(chain[i].Input) is JsonArray input)
            {
                items.AddRange(input.Where(n => n is not null).Select(n => n!.DeepClone()));
            }

            if (JsonNode.Parse(chain[i].Response)?["output"] is JsonArray output)
            {
                items.AddRange(output.Where(n => n is not null).Select(n => n!.DeepClone()));
            }
        }

        return items;
    }

    /// <summary>The input items of a stored response as the client may list them (its own input, earlier turns excluded).</summary>
    public static JsonArray InputItems(StoredResponse stored) => JsonNode.Parse(stored.Input) as JsonArray ?? [];

    private async Task RunWriterAsync()
    {
        var batch = new List<StoredResponse>();
        while (await _writes.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < 256 && _writes.Reader.TryRead(out StoredResponse? next))
            {
                batch.Add(next);
            }

            await _gate.WaitAsync();
            try
            {
                // A response deleted (or saved again) since it was queued is no longer the pending one: skip it.
                List<StoredResponse> current = batch.Where(r => _pending.TryGetValue(r.Id, out StoredResponse? p) && ReferenceEquals(p, r)).ToList();
                await _store.WriteAsync(current, CancellationToken.None);
                foreach (StoredResponse written in current)
                {
                    _pending.TryRemove(new KeyValuePair<string, StoredResponse>(written.Id, written));
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogWriteFailed(_logger, batch.Count, ex.Message);
            }
            finally
            {
                _gate.Release();
            }

            await PurgeIfDueAsync();
        }
    }

    private async Task PurgeIfDueAsync()
    {
        DateTimeOffset now = _time.GetUtcNow();
        if (now - _lastPurge < PurgeEvery)
        {
            return;
        }

        _lastPurge = now;
        try
        {
            int removed = await _store.PurgeAsync(now, _options.StateMaxBytes, CancellationToken.None);
            if (removed > 0)
            {
                LogPurged(_logger, removed);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogWriteFailed(_logger, 0, ex.Message);
        }
    }

    /// <summary>Writes what is still queued (a clean shutdown keeps every saved response).</summary>
    public async ValueTask DisposeAsync()
    {
        _writes.Writer.TryComplete();
        await _writer;
    }

    [LoggerMessage(EventId = 7001, Level = LogLevel.Error, Message = "Could not write {Count} stored Responses conversation states: {Detail}")]
    private static partial void LogWriteFailed(ILogger logger, int count, string detail);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Information, Message = "Purged {Count} stored Responses conversation states (expired or over the size cap)")]
    private static partial void LogPurged(ILogger logger, int count);
}
