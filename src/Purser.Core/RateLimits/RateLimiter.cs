namespace Purser.RateLimits;

/// <summary>
/// Every rate limit of this instance, in memory: one <see cref="RateBucket"/> per scope and limit, created on first
/// use. A call takes one request and its worst-case tokens from every bucket of its scopes at once, under one lock, or
/// nothing at all (the refusal names the limit and how long to wait); after the call the tokens are corrected to what
/// it used. Buckets that have refilled completely are the same as new ones, so they are dropped when the table grows
/// (a <c>*</c> entry counts every user apart, and callers choose user names).
/// </summary>
internal sealed class RateLimiter(TimeProvider time)
{
    private const int PruneAbove = 10_000;
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    private readonly Lock _lock = new();
    private readonly Dictionary<(string Scope, RateLimitKind Kind), RateBucket> _buckets = [];
    private int _pruneAt = PruneAbove;

    /// <summary>
    /// Takes one request and <paramref name="tokens"/> tokens from every limit of <paramref name="scopes"/>, or refuses
    /// (nothing taken) with the limit that has no room — the one with the longest wait when several have none.
    /// </summary>
    public RateLimitLease? TryAcquire(IReadOnlyList<RateLimitScope> scopes, long tokens, out RateLimitRefusal? refusal, out RateLimitStatus status)
    {
        long now = time.GetUtcNow().UtcTicks;
        var requests = new List<RateBucket>(scopes.Count);
        var tokenBuckets = new List<RateBucket>();
        refusal = null;
        lock (_lock)
        {
            foreach (RateLimitScope scope in scopes)
            {
                foreach (RateLimitKind kind in Kinds)
                {
                    if (LimitOf(scope.Limit, kind) is not long limit)
                    {
                        continue;
                    }

                    RateBucket bucket = Bucket(scope.Name, kind, limit);
                    bool isTokens = kind is RateLimitKind.TokensPerMinute or RateLimitKind.TokensPerDay;
                    long amount = isTokens ? tokens : 1;
                    (isTokens ? tokenBuckets : requests).Add(bucket);
                    TimeSpan? wait = bucket.WaitFor(amount, now);
                    if (wait != TimeSpan.Zero && (refusal is null || Longer(wait, refusal.RetryAfter)))
                    {
                        refusal = new RateLimitRefusal(scope.Name, kind, limit, amount, wait);
                    }
                }
            }

            if (refusal is null)
            {
                foreach (RateBucket bucket in requests)
                {
                    bucket.Take(1, now);
                }

                foreach (RateBucket bucket in tokenBuckets)
                {
                    bucket.Take(tokens, now);
                }
            }

            status = new RateLimitStatus(Tightest(requests, now), Tightest(tokenBuckets, now));
        }

        return refusal is null ? new RateLimitLease(requests, tokenBuckets, tokens) : null;
    }

    /// <summary>Corrects the tokens a call took to what it used (gives back the rest, or takes the excess); returns the headers' new reading.</summary>
    public RateLimitStatus Settle(RateLimitLease lease, long usedTokens)
    {
        long now = time.GetUtcNow().UtcTicks;
        lock (_lock)
        {
            if (!lease.IsSettled)
            {
                lease.IsSettled = true;
                long difference = usedTokens - lease.ReservedTokens;
                foreach (RateBucket bucket in lease.TokenBuckets)
                {
                    if (difference < 0)
                    {
                        bucket.Give(-difference, now);
                    }
                    else if (difference > 0)
                    {
                        bucket.Take(difference, now);
                    }
                }
            }

            return new RateLimitStatus(Tightest(lease.RequestBuckets, now), Tightest(lease.TokenBuckets, now));
        }
    }

    /// <summary>The current reading of one scope's limits, without taking anything (for <c>purser keys list</c> and /api/keys).</summary>
    public RateLimitStatus Peek(RateLimitScope scope)
    {
        long now = time.GetUtcNow().UtcTicks;
        lock (_lock)
        {
            var requests = new List<RateBucket>(2);
            var tokens = new List<RateBucket>(2);
            foreach (RateLimitKind kind in Kinds)
            {
                if (LimitOf(scope.Limit, kind) is long limit)
                {
                    (kind is RateLimitKind.TokensPerMinute or RateLimitKind.TokensPerDay ? tokens : requests).Add(
                        _buckets.TryGetValue((scope.Name, kind), out RateBucket? known) && known.Limit == limit ? known : new RateBucket(limit, PeriodOf(kind)));
                }
            }

            return new RateLimitStatus(Tightest(requests, now), Tightest(tokens, now));
        }
    }

    /// <summary>Buckets held (for tests and diagnostics).</summary>
    internal int Count
    {
        get
        {
            lock (_lock)
            {
                return _buckets.Count;
            }
        }
    }

    internal static TimeSpan PeriodOf(RateLimitKind kind) => kind is RateLimitKind.RequestsPerMinute or RateLimitKind.TokensPerMinute ? Minute : Day;

    internal static long? LimitOf(RateLimit limit, RateLimitKind kind) => kind switch
    {
        RateLimitKind.RequestsPerMinute => limit.Rpm,
        RateLimitKind.TokensPerMinute => limit.Tpm,
        RateLimitKind.RequestsPerDay => limit.Rpd,
        _ => limit.Tpd,
    };

    private static ReadOnlySpan<RateLimitKind> Kinds => [RateLimitKind.RequestsPerMinute, RateLimitKind.TokensPerMinute, RateLimitKind.RequestsPerDay, RateLimitKind.TokensPerDay];

    private RateBucket Bucket(string scope, RateLimitKind kind, long limit)
    {
        if (_buckets.TryGetValue((scope, kind), out RateBucket? bucket) && bucket.Limit == limit)
        {
            return bucket;
        }

        // New, or its limit was changed (a key re-created, configuration edited): start afresh at the new limit.
        if (_buckets.Count >= _pruneAt)
        {
            Prune();
        }

        bucket = new RateBucket(limit, PeriodOf(kind));
        _buckets[(scope, kind)] = bucket;
        return bucket;
    }

    private void Prune()
    {
        long now = time.GetUtcNow().UtcTicks;
        foreach (var (key, bucket) in _buckets.ToList())
        {
            if (bucket.IsFull(now))
            {
                _buckets.Remove(key);
            }
        }

        _pruneAt = Math.Max(PruneAbove, _buckets.Count * 2);
    }

    private static RateLimitReading? Tightest(IReadOnlyList<RateBucket> buckets, long now)
    {
        RateLimitReading? tightest = null;
        foreach (RateBucket bucket in buckets)
        {
            var reading = new RateLimitReading(bucket.Limit, bucket.Remaining(now), bucket.UntilFull(now));
            if (tightest is not { } t || reading.Remaining < t.Remaining || (reading.Remaining == t.Remaining && reading.Reset > t.Reset))
            {
                tightest = reading;
            }
        }

        return tightest;
    }

    private static bool Longer(TimeSpan? wait, TimeSpan? than) => than is TimeSpan other && (wait is not TimeSpan w || w > other);
}
