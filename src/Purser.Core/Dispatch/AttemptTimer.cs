namespace Purser.Dispatch;

/// <summary>Cancels an attempt's token when its time is up, on the injected clock.</summary>
internal sealed class AttemptTimer : IDisposable
{
    private readonly ITimer? _timer;

    public AttemptTimer(CancellationTokenSource attempt, TimeProvider time, TimeSpan timeout)
    {
        if (timeout > TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
        {
            _timer = time.CreateTimer(static state => Cancel((CancellationTokenSource)state!), attempt, timeout, Timeout.InfiniteTimeSpan);
        }
    }

    public void Dispose() => _timer?.Dispose();

    internal static void Cancel(CancellationTokenSource source)
    {
        try
        {
            source.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The attempt ended as the timer fired.
        }
    }
}
