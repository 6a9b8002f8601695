using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Purser.Configuration;
using Purser.Errors;
using Purser.Routing;

namespace Purser.Resilience;

/// <summary>
/// One <see cref="DeploymentHealth"/> per deployment, created on first use with its Polly pipeline: retry (exponential
/// backoff with jitter, Retry-After honoured, only retryable failures) around a circuit breaker (failure ratio over a
/// sampling window, break, half-open probe). Times come from the injected <see cref="TimeProvider"/>, so tests move
/// the clock by hand. The per-attempt timeout and the total deadline are the dispatcher's (see
/// <see cref="Dispatch.Dispatcher"/>): a stream outlives its attempt, so its token cannot be one Polly pools.
/// </summary>
internal sealed partial class DeploymentHealthRegistry
{
    /// <summary>The call's deadline, set by the dispatcher on each execution's context.</summary>
    internal static readonly ResiliencePropertyKey<DateTimeOffset> DeadlineKey = new("purser.deadline");

    /// <summary>Whether the route has another deployment after this one, set by the dispatcher on each execution's context.</summary>
    internal static readonly ResiliencePropertyKey<bool> HasFallbackKey = new("purser.has-fallback");

    private readonly ConcurrentDictionary<string, DeploymentHealth> _byId = new(StringComparer.Ordinal);
    private readonly Lock _createLock = new();
    private readonly PurserOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public DeploymentHealthRegistry(PurserOptions options, TimeProvider time, ILogger<DeploymentHealthRegistry> logger)
    {
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>Replaces the jitter's random source (tests make backoffs repeatable).</summary>
    internal Func<double>? Randomizer { get; init; }

    /// <summary>Every deployment that has been called (or looked at) so far.</summary>
    public IReadOnlyCollection<DeploymentHealth> All => [.. _byId.Values];

    /// <summary>The deployment's health, created with its pipeline on first use.</summary>
    public DeploymentHealth Get(Deployment deployment)
    {
        if (_byId.TryGetValue(deployment.Id, out DeploymentHealth? health))
        {
            return health;
        }

        lock (_createLock)
        {
            return _byId.TryGetValue(deployment.Id, out health) ? health : _byId[deployment.Id] = Create(deployment);
        }
    }

    /// <summary>Whether the deployment has been seen (without creating it).</summary>
    public bool TryGet(Deployment deployment, out DeploymentHealth? health) => _byId.TryGetValue(deployment.Id, out health);

    private DeploymentHealth Create(Deployment deployment)
    {
        DeploymentPolicy policy = DeploymentPolicy.For(deployment.Provider, _options);
        CircuitBreakerStateProvider? state = policy.BreakerEnabled ? new CircuitBreakerStateProvider() : null;
        var health = new DeploymentHealth(deployment, policy, state);
        var builder = new ResiliencePipelineBuilder<AttemptOutcome> { TimeProvider = _time, Name = "purser:" + deployment.Id };
        if (policy.MaxAttempts > 1)
        {
            var retry = new RetryStrategyOptions<AttemptOutcome>
            {
                MaxRetryAttempts = policy.MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = policy.Jitter,
                Delay = policy.BaseDelay,
                MaxDelay = policy.MaxDelay,
                ShouldHandle = args => new ValueTask<bool>(ShouldRetry(args.Outcome, args.Context, args.AttemptNumber, health, state)),
                DelayGenerator = args => new ValueTask<TimeSpan?>(Later(args.Outcome.Result?.Error?.RetryAfter, health.CoolingFor(_time.GetUtcNow()), policy, args.AttemptNumber)),
                OnRetry = args =>
                {
                    LogRetry(_logger, deployment.Id, args.AttemptNumber + 2, args.RetryDelay.TotalMilliseconds, args.Outcome.Result?.Error?.Kind.ToName() ?? "exception");
                    return default;
                },
            };
            if (Randomizer is { } random)
            {
                retry.Randomizer = random;
            }

            builder.AddRetry(retry);
        }

        if (state is not null)
        {
            builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions<AttemptOutcome>
            {
                FailureRatio = policy.FailureRatio,
                MinimumThroughput = policy.MinimumThroughput,
                SamplingDuration = policy.SamplingDuration,
                BreakDuration = policy.BreakDuration,
                BreakDurationGenerator = _ =>
                {
                    health.Opened(_time.GetUtcNow() + policy.BreakDuration);
                    return new ValueTask<TimeSpan>(policy.BreakDuration);
                },
                ShouldHandle = args => new ValueTask<bool>(CountsAgainst(args.Outcome)),
                StateProvider = state,
                OnOpened = args =>
                {
                    LogCircuitOpened(_logger, deployment.Id, args.BreakDuration.TotalSeconds);
                    return default;
                },
                OnHalfOpened = _ =>
                {
                    LogCircuitHalfOpened(_logger, deployment.Id);
                    return default;
                },
                OnClosed = _ =>
                {
                    LogCircuitClosed(_logger, deployment.Id);
                    return default;
                },
            });
        }

        health.Pipeline = builder.Build();
        return health;
    }

    /// <remarks>
    /// A Retry-After is always honoured: the deployment is not called again before it. It is waited for on the same
    /// deployment when it is no longer than <see cref="RetryOptions.MaxDelaySeconds"/>, fits the deadline, and — when the
    /// route has another deployment — no longer than the backoff this retry would have waited anyway; otherwise the
    /// call moves on to the next deployment at once.
    /// </remarks>
    private bool ShouldRetry(Outcome<AttemptOutcome> outcome, ResilienceContext context, int attemptNumber, DeploymentHealth health, CircuitBreakerStateProvider? state)
    {
        if (context.CancellationToken.IsCancellationRequested || outcome.Result?.Error is not { } error || !FailureClassifier.IsRetryable(error))
        {
            return false;
        }

        if (state?.CircuitState is CircuitState.Open or CircuitState.Isolated)
        {
            return false; // the attempt just opened the breaker: move on rather than wait for a refusal
        }

        // The deployment's own answer, or another call's: a Retry-After it gave anyone holds for every caller.
        if (Later(error.RetryAfter, health.CoolingFor(_time.GetUtcNow()), health.Policy, attemptNumber) is TimeSpan wait)
        {
            if (wait > health.Policy.MaxDelay)
            {
                return false; // longer than we wait: the next deployment serves, this one cools down
            }

            if (context.Properties.TryGetValue(HasFallbackKey, out bool hasFallback) && hasFallback && wait > Backoff(health.Policy, attemptNumber))
            {
                return false; // another deployment can serve now rather than after the wait
            }

            if (context.Properties.TryGetValue(DeadlineKey, out DateTimeOffset deadline) && _time.GetUtcNow() + wait >= deadline)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The delay before retry <paramref name="attemptNumber"/>: the attempt's own Retry-After, or — when the deployment
    /// asked (any caller) to wait longer than the backoff — the rest of that wait; null for the plain backoff.
    /// </summary>
    private static TimeSpan? Later(TimeSpan? own, TimeSpan? cooling, DeploymentPolicy policy, int attemptNumber)
    {
        TimeSpan? other = cooling is TimeSpan c && c > Backoff(policy, attemptNumber) ? c : null;
        return (own, other) switch
        {
            (TimeSpan a, TimeSpan b) => a >= b ? a : b,
            (TimeSpan a, null) => a,
            (null, TimeSpan b) => b,
            _ => null,
        };
    }

    /// <summary>The backoff of retry <paramref name="attemptNumber"/> (0 = the first) without jitter.</summary>
    internal static TimeSpan Backoff(DeploymentPolicy policy, int attemptNumber)
    {
        double ticks = policy.BaseDelay.Ticks * Math.Pow(2, Math.Min(attemptNumber, 30));
        return ticks >= policy.MaxDelay.Ticks ? policy.MaxDelay : TimeSpan.FromTicks((long)ticks);
    }

    private static bool CountsAgainst(Outcome<AttemptOutcome> outcome) =>
        outcome.Result?.Error is { } error ? FailureClassifier.CountsAgainstDeployment(error) : outcome.Exception is not null and not OperationCanceledException;

    /// <summary>The health of every deployment called so far, ordered by id.</summary>
    public IReadOnlyList<DeploymentHealthSnapshot> Snapshot()
    {
        DateTimeOffset now = _time.GetUtcNow();
        return [.. _byId.Values.Select(h => h.Snapshot(now)).OrderBy(s => s.Deployment, StringComparer.Ordinal)];
    }

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Retrying {Deployment} (attempt {Attempt}) in {DelayMs} ms after {ErrorKind}")]
    private static partial void LogRetry(ILogger logger, string deployment, int attempt, double delayMs, string errorKind);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Circuit of {Deployment} opened for {Seconds} s after repeated failures")]
    private static partial void LogCircuitOpened(ILogger logger, string deployment, double seconds);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Circuit of {Deployment} half-open: the next call probes it")]
    private static partial void LogCircuitHalfOpened(ILogger logger, string deployment);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Information, Message = "Circuit of {Deployment} closed: the deployment answers again")]
    private static partial void LogCircuitClosed(ILogger logger, string deployment);
}
