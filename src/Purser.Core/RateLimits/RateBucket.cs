namespace Purser.RateLimits;

/// <summary>
/// One limit as a token bucket in its exact integer form (GCRA, the generic cell rate algorithm): the bucket holds
/// <see cref="Limit"/> units and refills continuously at <see cref="Limit"/> per <see cref="Period"/>. Instead of a
/// level that a timer would have to refill, it keeps the theoretical time at which the bucket would be full again,
/// scaled by the limit (clock ticks × limit) so that a unit is exactly <see cref="Period"/> ticks of scaled time and no
/// step rounds. Not thread-safe: <see cref="RateLimiter"/> holds its lock around every use.
/// </summary>
internal sealed class RateBucket(long limit, TimeSpan period)
{
    // The scaled time at which every unit taken so far has been refilled; at or before now = the bucket is full.
    private Int128 _fullAt;

    public long Limit { get; } = limit;

    public TimeSpan Period { get; } = period;

    /// <summary>How long until <paramref name="amount"/> units fit; zero when they fit now; null when they never can (more than the limit).</summary>
    public TimeSpan? WaitFor(long amount, long nowTicks)
    {
        if (amount > Limit)
        {
            return null;
        }

        Int128 now = (Int128)nowTicks * Limit;
        Int128 over = Start(now) + ((Int128)amount * Period.Ticks) - now - Depth;
        return over <= 0 ? TimeSpan.Zero : TimeSpan.FromTicks((long)CeilingDivide(over, Limit));
    }

    /// <summary>Takes <paramref name="amount"/> units (the caller checked <see cref="WaitFor"/>; a correction may take more than is left, leaving a debt).</summary>
    public void Take(long amount, long nowTicks)
    {
        Int128 now = (Int128)nowTicks * Limit;
        _fullAt = Start(now) + ((Int128)amount * Period.Ticks);
    }

    /// <summary>Gives back units taken but not used; never more than was taken since the bucket was last full.</summary>
    public void Give(long amount, long nowTicks)
    {
        Int128 now = (Int128)nowTicks * Limit;
        Int128 after = _fullAt - ((Int128)amount * Period.Ticks);
        _fullAt = after > now ? after : now;
    }

    /// <summary>Units that can be taken now (0 while in debt).</summary>
    public long Remaining(long nowTicks)
    {
        Int128 now = (Int128)nowTicks * Limit;
        Int128 free = Depth - (Start(now) - now);
        return free <= 0 ? 0 : (long)(free / Period.Ticks);
    }

    /// <summary>How long until the bucket is full again (zero when it is).</summary>
    public TimeSpan UntilFull(long nowTicks)
    {
        Int128 now = (Int128)nowTicks * Limit;
        Int128 left = Start(now) - now;
        return left <= 0 ? TimeSpan.Zero : TimeSpan.FromTicks((long)CeilingDivide(left, Limit));
    }

    /// <summary>Whether the bucket is full: it is then the same as a new one and may be dropped.</summary>
    public bool IsFull(long nowTicks) => _fullAt <= (Int128)nowTicks * Limit;

    private Int128 Depth => (Int128)Period.Ticks * Limit;

    private Int128 Start(Int128 now) => _fullAt > now ? _fullAt : now;

    private static Int128 CeilingDivide(Int128 value, long divisor) => (value + divisor - 1) / divisor;
}
