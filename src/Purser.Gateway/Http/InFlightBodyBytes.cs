namespace Purser.Gateway.Http;

/// <summary>
/// The request-body bytes the gateway holds at once, capped by <c>Purser:Limits:MaxInFlightBodyBytes</c>. A body
/// reserves room as its buffer grows (so a client that sends slowly holds only what it has sent) and gives it back
/// when its request is over. Lock-free; one per gateway.
/// </summary>
internal sealed class InFlightBodyBytes(long limit)
{
    private long _current;
    private long _peak;
    private long _refused;

    public long Limit { get; } = limit;

    /// <summary>Bytes reserved now.</summary>
    public long Current => Interlocked.Read(ref _current);

    /// <summary>The most bytes reserved at once since start.</summary>
    public long Peak => Interlocked.Read(ref _peak);

    /// <summary>Requests refused because the cap was reached.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Reserves <paramref name="bytes"/> when they fit under the cap.</summary>
    public bool TryReserve(long bytes)
    {
        long current = Interlocked.Read(ref _current);
        while (true)
        {
            long next = current + bytes;
            if (next > Limit)
            {
                return false;
            }

            long seen = Interlocked.CompareExchange(ref _current, next, current);
            if (seen == current)
            {
                UpdatePeak(next);
                return true;
            }

            current = seen;
        }
    }

    public void Release(long bytes) => Interlocked.Add(ref _current, -bytes);

    /// <summary>Whether <paramref name="bytes"/> would fit now (a hint: nothing is reserved).</summary>
    public bool Fits(long bytes) => Current + bytes <= Limit;

    public void CountRefusal() => Interlocked.Increment(ref _refused);

    private void UpdatePeak(long value)
    {
        long peak = Interlocked.Read(ref _peak);
        while (value > peak)
        {
            long seen = Interlocked.CompareExchange(ref _peak, value, peak);
            if (seen == peak)
            {
                return;
            }

            peak = seen;
        }
    }
}
