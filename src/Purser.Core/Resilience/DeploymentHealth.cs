using Polly;
using Polly.CircuitBreaker;
using Purser.Errors;
using Purser.Routing;

namespace Purser.Resilience;

/// <summary>
/// One deployment's resilience: its Polly pipeline (retry around a circuit breaker, built once so the breaker's state
/// lives across calls), the breaker's state, a failure window for reporting, the last error, and the time until which
/// the deployment asked callers to wait (Retry-After).
/// </summary>
internal sealed class DeploymentHealth
{
    /// <summary>How many recent successful attempts the latency percentiles are taken over.</summary>
    internal const int LatencySamples = 256;

    private readonly Lock _lock = new();
    private readonly double[] _latencies = new double[LatencySamples];
    private int _latencyCount;
    private readonly HealthWindow _window;
    private readonly CircuitBreakerStateProvider? _state;
    private DateTimeOffset? _openUntil;
    private DateTimeOffset? _coolingUntil;
    private PurserError? _lastError;
    private DateTimeOffset? _lastErrorAt;
    private DateTimeOffset? _lastSuccessAt;
    private long _attempts;
    private long _failures;
    private int _inFlight;
    private long _latencyTicks = -1;

    internal DeploymentHealth(Deployment deployment, DeploymentPolicy policy, CircuitBreakerStateProvider? state)
    {
        Deployment = deployment;
        Policy = policy;
        _state = state;
        _window = new HealthWindow(policy.SamplingDuration);
    }

    public Deployment Deployment { get; }

    /// <summary>Calls on this deployment now (an attempt waiting for its answer, or a stream still being read), on this instance.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Recent latency of successful attempts (time to the whole answer, or to a stream's first event), averaged; null until one succeeded.</summary>
    public TimeSpan? Latency => Interlocked.Read(ref _latencyTicks) is long ticks and >= 0 ? TimeSpan.FromTicks(ticks) : null;

    internal void Enter() => Interlocked.Increment(ref _inFlight);

    internal void Leave() => Interlocked.Decrement(ref _inFlight);

    /// <summary>Folds one successful attempt's latency into the average (exponential, weight 1/5 to the newest).</summary>
    internal void RecordLatency(TimeSpan latency)
    {
        long current = Interlocked.Read(ref _latencyTicks);
        long next = current < 0 ? latency.Ticks : current + ((latency.Ticks - current) / 5);
        Interlocked.Exchange(ref _latencyTicks, next);
    }

    internal DeploymentPolicy Policy { get; }

    /// <summary>Set once by the registry right after construction.</summary>
    internal ResiliencePipeline<AttemptOutcome> Pipeline { get; set; } = ResiliencePipeline<AttemptOutcome>.Empty;

    internal void RecordSuccess(DateTimeOffset now, TimeSpan elapsed)
    {
        RecordLatency(elapsed);
        _window.Record(now, failed: false);
        lock (_lock)
        {
            _attempts++;
            _lastSuccessAt = now;
            _latencies[_latencyCount++ % LatencySamples] = elapsed.TotalMilliseconds;
        }
    }

    internal void RecordFailure(PurserError error, DateTimeOffset now, bool counts)
    {
        _window.Record(now, failed: counts);
        lock (_lock)
        {
            _attempts++;
            if (counts)
            {
                _failures++;
            }

            _lastError = error;
            _lastErrorAt = now;
        }
    }

    /// <summary>A served stream failed after its first event: reported, though the breaker already counted the attempt.</summary>
    internal void RecordStreamFailure(PurserError error, DateTimeOffset now)
    {
        lock (_lock)
        {
            _lastError = error;
            _lastErrorAt = now;
        }
    }

    /// <summary>The upstream asked callers to wait until <paramref name="until"/>: no call is sent there before then.</summary>
    internal void CoolDown(DateTimeOffset until)
    {
        lock (_lock)
        {
            if (_coolingUntil is not DateTimeOffset current || until > current)
            {
                _coolingUntil = until;
            }
        }
    }

    /// <summary>How much longer the deployment asked to be left alone, or null.</summary>
    internal TimeSpan? CoolingFor(DateTimeOffset now)
    {
        lock (_lock)
        {
            return _coolingUntil is DateTimeOffset until && until > now ? until - now : null;
        }
    }

    internal void Opened(DateTimeOffset until)
    {
        lock (_lock)
        {
            _openUntil = until;
        }
    }

    /// <summary>The breaker's state as reported: an open breaker whose break is over shows half_open (the next call probes).</summary>
    public string CircuitState(DateTimeOffset now)
    {
        if (_state is null)
        {
            return CircuitStatus.Disabled;
        }

        return _state.CircuitState switch
        {
            Polly.CircuitBreaker.CircuitState.Open => OpenUntil is DateTimeOffset until && now >= until ? CircuitStatus.HalfOpen : CircuitStatus.Open,
            Polly.CircuitBreaker.CircuitState.HalfOpen => CircuitStatus.HalfOpen,
            Polly.CircuitBreaker.CircuitState.Isolated => CircuitStatus.Isolated,
            _ => CircuitStatus.Closed,
        };
    }

    private DateTimeOffset? OpenUntil
    {
        get
        {
            lock (_lock)
            {
                return _openUntil;
            }
        }
    }

    /// <summary>The nearest-rank percentile of sorted samples; null without samples.</summary>
    private static double? Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? null : Math.Round(sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Length) - 1)], 1);

    public DeploymentHealthSnapshot Snapshot(DateTimeOffset now)
    {
        (int recent, int failed) = _window.Read(now);
        string circuit = CircuitState(now);
        double[] latencies;
        lock (_lock)
        {
            latencies = _latencies[..Math.Min(_latencyCount, LatencySamples)];
        }

        Array.Sort(latencies);
        lock (_lock)
        {
            return new DeploymentHealthSnapshot
            {
                Deployment = Deployment.Id,
                Provider = Deployment.Provider,
                Model = Deployment.Model,
                Circuit = circuit,
                OpenUntil = circuit is CircuitStatus.Open ? _openUntil : null,
                CoolingUntil = _coolingUntil is DateTimeOffset c && c > now ? c : null,
                RecentAttempts = recent,
                RecentFailures = failed,
                FailureRatio = recent == 0 ? 0 : Math.Round((double)failed / recent, 4),
                TotalAttempts = _attempts,
                TotalFailures = _failures,
                LastErrorKind = _lastError?.Kind.ToName(),
                LastErrorStatus = _lastError?.UpstreamStatus,
                LastErrorAt = _lastErrorAt,
                LastSuccessAt = _lastSuccessAt,
                InFlight = InFlight,
                LatencyP50Ms = Percentile(latencies, 0.50),
                LatencyP95Ms = Percentile(latencies, 0.95),
            };
        }
    }
}
