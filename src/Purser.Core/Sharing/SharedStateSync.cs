using Microsoft.Extensions.Logging;
using Purser.Budgets;
using Purser.Caching;
using Purser.Keys;

namespace Purser.Sharing;

/// <summary>
/// Keeps an instance in step with the others on its database: what they announce (<see cref="ISharedChanges"/>) is
/// applied at once — keys and budgets reread, cache entries forgotten or indexed, the shared prompt file taken (<see cref="SharedPrompts"/>), budget
/// counters refreshed — and every <c>Purser:Database:ResyncSeconds</c> the same is reread anyway, for a notice that
/// was missed. Work runs off the notification thread, one change at a time.
/// </summary>
internal sealed partial class SharedStateSync : IAsyncDisposable
{
    private readonly ISharedChanges _changes;
    private readonly KeyRegistry _keys;
    private readonly BudgetManager _budgets;
    private readonly ResponseCache? _cache;
    private readonly SharedBudgets? _counters;
    private readonly SharedPrompts? _prompts;
    private readonly TimeProvider _time;
    private readonly TimeSpan _resync;
    private readonly ILogger<SharedStateSync> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ITimer? _timer;

    public SharedStateSync(ISharedChanges changes, KeyRegistry keys, BudgetManager budgets, TimeProvider time, ILogger<SharedStateSync> logger, TimeSpan resync, ResponseCache? cache = null, SharedBudgets? counters = null, SharedPrompts? prompts = null)
    {
        _changes = changes;
        _keys = keys;
        _budgets = budgets;
        _cache = cache;
        _counters = counters;
        _prompts = prompts;
        _time = time;
        _resync = resync;
        _logger = logger;
    }

    /// <summary>Changes applied so far (from notices and resyncs).</summary>
    public long Applied { get; private set; }

    /// <summary>Starts listening and the resync timer (nothing to do when the database is not shared).</summary>
    public void Start()
    {
        if (!_changes.IsShared)
        {
            return;
        }

        _changes.Received += OnReceived;
        _prompts?.Start();
        _timer = _time.CreateTimer(_ => _ = ApplyAsync(new SharedChange(SharedTopics.Resync, null)), null, _resync, _resync);
    }

    /// <summary>Applies one change now (also what a notice does).</summary>
    public async Task ApplyAsync(SharedChange change)
    {
        await _gate.WaitAsync();
        try
        {
            bool all = change.Topic == SharedTopics.Resync;
            if (all || change.Topic == SharedTopics.Keys)
            {
                _keys.Reload();
            }

            if (all || change.Topic == SharedTopics.Budgets)
            {
                _budgets.Reload();
            }

            if (_cache is not null && change.Topic == SharedTopics.CacheStored)
            {
                _cache.ApplyRemoteStore(change.Detail);
            }
            else if (_cache is not null && change.Topic == SharedTopics.CacheCleared)
            {
                await _cache.ApplyRemoteClearAsync(change.Detail, CancellationToken.None);
            }
            else if (_cache is not null && all)
            {
                await _cache.ReloadIndexAsync(CancellationToken.None);
            }

            if (_prompts is not null && (all || change.Topic == SharedTopics.Prompts))
            {
                _prompts.Apply();
            }

            if (_counters is not null && (all || change.Topic == SharedTopics.Budgets))
            {
                await _counters.RefreshAsync(CancellationToken.None);
            }

            Applied++;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogApplyFailed(_logger, ex, change.Topic);
        }
        finally
        {
            _gate.Release();
        }
    }

    private void OnReceived(SharedChange change) => _ = Task.Run(() => ApplyAsync(change));

    public async ValueTask DisposeAsync()
    {
        _changes.Received -= OnReceived;
        _prompts?.Stop();
        if (_timer is not null)
        {
            await _timer.DisposeAsync();
        }
    }

    [LoggerMessage(EventId = 1601, Level = LogLevel.Warning, Message = "Applying a change announced by another instance ({Topic}) failed; the next resync rereads it")]
    private static partial void LogApplyFailed(ILogger logger, Exception exception, string topic);
}
