namespace Purser.Resilience;

/// <summary>
/// Attempts and failures over a sliding window, in ten buckets: cheap to record under load, accurate to a tenth of
/// the window. Thread-safe.
/// </summary>
internal sealed class HealthWindow
{
    private const int Buckets = 10;
    private readonly long _bucketTicks;
    private readonly long[] _index = new long[Buckets];
    private readonly int[] _attempts = new int[Buckets];
    private readonly int[] _failures = new int[Buckets];
    private readonly Lock _lock = new();

    public HealthWindow(TimeSpan window)
    {
        _bucketTicks = Math.Max(1, window.Ticks / Buckets);
        Array.Fill(_index, -1);
    }

    public void Record(DateTimeOffset now, bool failed)
    {
        long index = now.UtcTicks / _bucketTicks;
        int slot = (int)(index % Buckets);
        lock (_lock)
        {
            if (_index[slot] != index)
            {
                _index[slot] = index;
                _attempts[slot] = 0;
                _failures[slot] = 0;
            }

            _attempts[slot]++;
            if (failed)
            {
                _failures[slot]++;
            }
        }
    }

    /// <summary>Attempts and failures within the window that ends now.</summary>
    public (int Attempts, int Failures) Read(DateTimeOffset now)
    {
        long current = now.UtcTicks / _bucketTicks;
        int attempts = 0;
        int failures = 0;
        lock (_lock)
        {
            for (int i = 0; i < Buckets; i++)
            {
                if (_index[i] > current - Buckets && _index[i] <= current)
                {
                    attempts += _attempts[i];
                    failures += _failures[i];
                }
            }
        }

        return (attempts, failures);
    }
}
