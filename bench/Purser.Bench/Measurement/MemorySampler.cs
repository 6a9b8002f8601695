namespace Purser.Bench.Measurement;

/// <summary>
/// Samples the resident memory (VmRSS) of the gateways ten times a second and keeps, per gateway, the highest
/// value seen while that gateway was under measured load.
/// </summary>
internal sealed class MemorySampler : IAsyncDisposable
{
    private readonly Dictionary<string, int> _pids = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _peakUnderLoadKb = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private string? _active;

    public MemorySampler()
    {
        _loop = Task.Run(LoopAsync);
    }

    public void Watch(string name, int pid)
    {
        lock (_lock)
        {
            _pids[name] = pid;
        }
    }

    /// <summary>Which watched process is under measured load now (null: none).</summary>
    public void SetActive(string? name)
    {
        lock (_lock)
        {
            _active = name;
        }

        if (name is not null)
        {
            Sample();
        }
    }

    public long? PeakUnderLoadKb(string name)
    {
        lock (_lock)
        {
            return _peakUnderLoadKb.TryGetValue(name, out long kb) ? kb : null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        while (await timer.WaitForNextTickAsync(_stop.Token))
        {
            Sample();
        }
    }

    private void Sample()
    {
        lock (_lock)
        {
            if (_active is null || !_pids.TryGetValue(_active, out int pid) || ProcFs.StatusKb(pid, "VmRSS") is not long rss)
            {
                return;
            }

            if (!_peakUnderLoadKb.TryGetValue(_active, out long peak) || rss > peak)
            {
                _peakUnderLoadKb[_active] = rss;
            }
        }
    }
}
