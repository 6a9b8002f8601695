using Microsoft.Extensions.Logging;
using Purser.Keys;

namespace Purser.Budgets;

/// <summary>
/// The background work of budgets in a long-running gateway: rereads budgets and keys changed by other processes every
/// Purser:Budgets:RefreshSeconds, and recomputes dynamic allocations every Allocation:IntervalMinutes. Timers run on the
/// injected <see cref="TimeProvider"/>.
/// </summary>
internal sealed class BudgetScheduler(BudgetManager manager, KeyRegistry keys, BudgetAllocator allocator, BudgetOptions options, TimeProvider time, ILogger<BudgetScheduler> logger) : IAsyncDisposable
{
    private ITimer? _refresh;
    private ITimer? _allocation;
    private int _busy;

    /// <summary>Loads budgets and keys, allocates once, and starts the timers.</summary>
    public void Start()
    {
        manager.EnsureLoaded();
        keys.Reload();
        Allocate();
        _refresh = time.CreateTimer(_ => Refresh(), null, TimeSpan.FromSeconds(options.RefreshSeconds), TimeSpan.FromSeconds(options.RefreshSeconds));
        TimeSpan interval = TimeSpan.FromMinutes(options.Allocation.IntervalMinutes);
        _allocation = time.CreateTimer(_ => Allocate(), null, interval, interval);
    }

    /// <summary>Rereads budgets and keys now (skipped when a refresh is still running).</summary>
    public void Refresh()
    {
        if (Interlocked.Exchange(ref _busy, 1) != 0)
        {
            return;
        }

        try
        {
            manager.Reload();
            keys.Reload();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            BudgetLog.RefreshFailed(logger, ex);
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    public void Allocate()
    {
        try
        {
            allocator.Allocate();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            BudgetLog.AllocationFailed(logger, ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_refresh is not null)
        {
            await _refresh.DisposeAsync();
        }

        if (_allocation is not null)
        {
            await _allocation.DisposeAsync();
        }
    }
}
