using System.Globalization;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Purser.Configuration;
using Purser.Errors;
using Purser.Pipeline;
using Purser.Resilience;
using Purser.Routing;
using Purser.Streaming;
using Purser.Telemetry;

namespace Purser.Dispatch;

/// <summary>
/// Sends a call along its route. Each deployment runs through its own Polly pipeline (<see cref="DeploymentHealthRegistry"/>):
/// retries with backoff for failures another try may fix, a circuit breaker that skips a failing deployment, and a
/// deployment that asked callers to wait (Retry-After) is left alone until then. Across deployments, the next one
/// serves when the previous failed in a way that allows it (<see cref="FailureClassifier.AllowsFallback"/>).
/// </summary>
/// <remarks>
/// <para>Every attempt is an <see cref="AttemptRecord"/> with its own tokens, priced on its own later, so a failover
/// never hides spend and nothing is billed twice. Errors are values throughout: a provider's failure is a
/// <see cref="PurserError"/>, Polly's outcome carries it, the call ends with <see cref="PurserContext.Error"/>.</para>
/// <para>Time limits are taken here on the injected clock, not by Polly's timeout strategy: an attempt gets its own
/// cancellation source (a stream keeps it after the attempt, until the stream ends, which a pooled Polly token could
/// not survive). A stream is retried only until its first event: once that is handed over the client has bytes, and a
/// later failure reaches it as a clean error event in its protocol.</para>
/// </remarks>
public sealed partial class Dispatcher(IProviderRegistry providers, DeploymentHealthRegistry health, PurserOptions options, TimeProvider time, ILogger<Dispatcher> logger, Balancing.DeploymentQuotas? quotas = null) : IDispatcher
{
    /// <summary>The response header naming the request fields translation dropped.</summary>
    public const string DroppedFieldsHeader = "x-purser-dropped-fields";

    public async ValueTask DispatchAsync(PurserContext context, PurserPipeline pipeline, CancellationToken cancellationToken)
    {
        RouteDecision route = context.Route ?? throw new InvalidOperationException("Dispatch needs a route.");
        TimeSpan deadline = Deadline(context, route);
        using var deadlineSource = new CancellationTokenSource(deadline, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadlineSource.Token);
        var run = new DispatchRun(context, pipeline, cancellationToken, deadlineSource.Token, deadline);
        DateTimeOffset deadlineAt = time.GetUtcNow() + deadline;

        PurserError? last = null;
        PurserError? skippedError = null;
        List<string>? skipped = null;
        List<AttemptState>? open = null;
        List<AttemptState>? cooling = null;
        IReadOnlyList<Deployment> order = InOrder(route, ref skipped);
        for (int index = 0; index < order.Count; index++)
        {
            Deployment deployment = order[index];
            if (run.IsOver)
            {
                break;
            }

            if (!providers.TryGet(deployment.Provider, out IChatProvider? provider))
            {
                last ??= PurserError.NoProvider($"Provider '{deployment.Provider}' is not configured.", "provider_not_configured");
                continue;
            }

            if (OverQuota(context, deployment, ref skipped, ref skippedError))
            {
                continue;
            }

            DeploymentHealth deploymentHealth = health.Get(deployment);
            if (deploymentHealth.CoolingFor(time.GetUtcNow()) is not null)
            {
                // It asked callers to wait (Retry-After) since this call's order was made, or the order put it last:
                // it is called only after everything else failed, and not before its wait is over.
                (cooling ??= []).Add(new AttemptState(this, run, provider, deploymentHealth));
                continue;
            }

            Outcome<AttemptOutcome> outcome = await ExecuteAsync(deploymentHealth, provider, run, linked.Token, deadlineAt, hasFallback: index < order.Count - 1);

            if (outcome.Exception is BrokenCircuitException broken)
            {
                TimeSpan retryAfter = broken.RetryAfter ?? deploymentHealth.Policy.BreakDuration;
                (skipped ??= []).Add($"skipped {deployment} (circuit open)");
                (open ??= []).Add(new AttemptState(this, run, provider, deploymentHealth));
                skippedError = Soonest(skippedError, new PurserError(ErrorKind.NoProvider, 503, $"Every deployment of the route is failing and cooling down (circuit open); {deployment} will be tried again in {Seconds(retryAfter)} s.") { Code = "circuit_open", RetryAfter = retryAfter });
                LogSkipped(logger, context.RequestId, deployment.Id, "circuit open");
                continue;
            }

            if (outcome.Exception is OperationCanceledException)
            {
                last = cancellationToken.IsCancellationRequested ? DispatchRun.Cancelled : run.DeadlineExceeded();
                break;
            }

            if (outcome.Exception is { } unexpected)
            {
                LogUnexpected(logger, context.RequestId, deployment.Id, unexpected);
                last = PurserError.Internal($"Dispatch to {deployment} failed unexpectedly.");
                continue;
            }

            AttemptOutcome result = outcome.Result!;
            if (result.Succeeded)
            {
                NoteSkipped(route, skipped);
                return;
            }

            last = result.Error!;
            if (!FailureClassifier.AllowsFallback(last))
            {
                break;
            }

            if (deploymentHealth.CoolingFor(time.GetUtcNow()) is not null)
            {
                // It asked to wait rather than failed: should everything after it fail too, it gets one more turn, after the wait.
                (cooling ??= []).Add(new AttemptState(this, run, provider, deploymentHealth));
            }
        }

        // Everything else failed: the deployments that asked to be left alone serve next, each once its wait is over
        // (when that is within the deadline), soonest first.
        foreach (AttemptState state in cooling?.OrderBy(s => s.Health.CoolingFor(time.GetUtcNow()) ?? TimeSpan.Zero) ?? Enumerable.Empty<AttemptState>())
        {
            if (run.IsOver || (last is not null && !FailureClassifier.AllowsFallback(last)))
            {
                break;
            }

            Deployment deployment = state.Health.Deployment;
            if (state.Health.CoolingFor(time.GetUtcNow()) is TimeSpan wait)
            {
                if (wait > state.Health.Policy.MaxDelay || time.GetUtcNow() + wait >= deadlineAt)
                {
                    (skipped ??= []).Add($"skipped {deployment} (asked to wait {Seconds(wait)} s, longer than Purser waits)");
                    skippedError = Soonest(skippedError, new PurserError(ErrorKind.RateLimited, 429, $"Every deployment of the route failed or asked to wait; {deployment} asked to wait {Seconds(wait)} s.") { Code = "rate_limited", RetryAfter = wait });
                    LogSkipped(logger, context.RequestId, deployment.Id, "asked to wait past the deadline");
                    continue;
                }

                try
                {
                    await Task.Delay(wait, time, linked.Token);
                }
                catch (OperationCanceledException)
                {
                    last = cancellationToken.IsCancellationRequested ? DispatchRun.Cancelled : run.DeadlineExceeded();
                    break;
                }

                (skipped ??= []).Add($"waited {Seconds(wait)} s for {deployment} (Retry-After)");
            }

            if (OverQuota(context, deployment, ref skipped, ref skippedError))
            {
                continue;
            }

            Outcome<AttemptOutcome> outcome = await ExecuteAsync(state.Health, state.Provider, run, linked.Token, deadlineAt, hasFallback: false);
            if (outcome.Exception is BrokenCircuitException)
            {
                (open ??= []).Add(state);
                continue;
            }

            if (outcome.Exception is OperationCanceledException)
            {
                last = cancellationToken.IsCancellationRequested ? DispatchRun.Cancelled : run.DeadlineExceeded();
                break;
            }

            if (outcome.Exception is { } unexpected)
            {
                LogUnexpected(logger, context.RequestId, deployment.Id, unexpected);
                last = PurserError.Internal($"Dispatch to {deployment} failed unexpectedly.");
                continue;
            }

            if (outcome.Result!.Succeeded)
            {
                NoteSkipped(route, skipped);
                return;
            }

            last = outcome.Result.Error!;
        }

        // Everything else failed: rather than fail the client, try each deployment whose circuit is open once, outside
        // its breaker (the breaker exists to spare a failing deployment while another can serve; none can).
        foreach (AttemptState state in open ?? [])
        {
            if (run.IsOver || (last is not null && !FailureClassifier.AllowsFallback(last)))
            {
                break;
            }

            if (OverQuota(context, state.Health.Deployment, ref skipped, ref skippedError))
            {
                continue;
            }

            ResilienceContext resilience = ResilienceContextPool.Shared.Get(linked.Token);
            try
            {
                Outcome<AttemptOutcome> outcome = await AttemptAsync(resilience, state);
                (skipped ??= []).Add($"last resort {state.Health.Deployment} despite its open circuit");
                if (outcome.Result!.Succeeded)
                {
                    NoteSkipped(route, skipped);
                    return;
                }

                last = outcome.Result.Error;
            }
            finally
            {
                ResilienceContextPool.Shared.Return(resilience);
            }
        }

        NoteSkipped(route, skipped);
        if (cancellationToken.IsCancellationRequested)
        {
            last = DispatchRun.Cancelled;
        }
        else if (deadlineSource.IsCancellationRequested && last?.Code != "deadline_exceeded")
        {
            last = run.DeadlineExceeded();
        }

        context.Error = last ?? skippedError ?? PurserError.NoProvider("No deployment could serve the request.");
    }

    /// <summary>
    /// Whether the deployment's provider quota (an alias target's Rpm/Tpm) has no room for the call: it is then skipped
    /// like an open circuit, and the call is a 429 with the time until there is room when nothing else serves.
    /// </summary>
    private bool OverQuota(PurserContext context, Deployment deployment, ref List<string>? skipped, ref PurserError? skippedError)
    {
        if (quotas is null || Balancing.BalanceCall.Of(context) is not { } call || quotas.TryTake(call, deployment, out TimeSpan? wait))
        {
            return false;
        }

        (skipped ??= []).Add($"skipped {deployment} (its quota is full)");
        skippedError = Soonest(skippedError, new PurserError(ErrorKind.RateLimited, 429, $"Every deployment of the route failed or is at its provider quota; {deployment} has room again in {(wait is TimeSpan w ? Seconds(w) + " s" : "no time: the call is larger than its quota")}.")
        {
            Code = "rate_limited",
            RetryAfter = wait,
        });
        LogSkipped(logger, context.RequestId, deployment.Id, "quota full");
        return true;
    }

    /// <summary>One deployment through its resilience pipeline (retries, circuit breaker).</summary>
    private async ValueTask<Outcome<AttemptOutcome>> ExecuteAsync(DeploymentHealth deploymentHealth, IChatProvider provider, DispatchRun run, CancellationToken token, DateTimeOffset deadlineAt, bool hasFallback)
    {
        ResilienceContext resilience = ResilienceContextPool.Shared.Get(token);
        resilience.Properties.Set(DeploymentHealthRegistry.DeadlineKey, deadlineAt);
        resilience.Properties.Set(DeploymentHealthRegistry.HasFallbackKey, hasFallback);
        try
        {
            return await deploymentHealth.Pipeline.ExecuteOutcomeAsync(
                static (ctx, state) => state.Dispatcher.AttemptAsync(ctx, state),
                resilience,
                new AttemptState(this, run, provider, deploymentHealth));
        }
        finally
        {
            ResilienceContextPool.Shared.Return(resilience);
        }
    }

    private async ValueTask<Outcome<AttemptOutcome>> AttemptAsync(ResilienceContext resilience, AttemptState state)
    {
        PurserContext context = state.Run.Context;
        Deployment deployment = state.Health.Deployment;
        var attempt = new AttemptRecord(deployment, context.Attempts.Count + 1) { StartedAt = time.GetUtcNow() };
        context.Attempts.Add(attempt);
        long started = time.GetTimestamp();
        using System.Diagnostics.Activity? span = PurserTelemetry.StartAttempt(context, deployment, attempt.Number);
        var request = new ProviderRequest(context.Request, deployment, AttemptTimeout(context, state.Health.Policy.AttemptTimeout))
        {
            RequestId = context.RequestId,
            SystemAddition = context.Route?.PromptAddition,
            Translation = new Translation.TranslationReport(options.Translation.Strict),
        };

        PurserError? error;
        state.Health.Enter();
        try
        {
            error = context.Request.Stream
                ? await StreamAsync(state, request, attempt, resilience.CancellationToken)
                : await CompleteAsync(state, request, attempt, resilience.CancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogUnexpected(logger, context.RequestId, deployment.Id, ex);
            error = PurserError.Internal($"Provider {deployment.Provider} failed unexpectedly ({ex.GetType().Name}).");
        }
        finally
        {
            // A stream handed to the client stays in flight until it ends (ServedStream leaves then).
            if (context.Stream is null || context.ServedBy != deployment)
            {
                state.Health.Leave();
            }
        }

        attempt.Elapsed = time.GetElapsedTime(started);
        attempt.Error = error;
        PurserTelemetry.EndAttempt(span, attempt, context);
        DateTimeOffset now = time.GetUtcNow();
        if (error is null)
        {
            state.Health.RecordSuccess(now, attempt.Elapsed);
            NoteDropped(context, request.Translation);
            return Outcome.FromResult(AttemptOutcome.Success);
        }

        state.Health.RecordFailure(error, now, FailureClassifier.CountsAgainstDeployment(error));
        if (error.RetryAfter is TimeSpan wait && wait > TimeSpan.Zero && error.Kind is ErrorKind.RateLimited or ErrorKind.UpstreamHttp)
        {
            state.Health.CoolDown(now + wait);
        }

        LogAttemptFailed(logger, context.RequestId, attempt.Number, deployment.Id, error.Kind.ToName(), error.UpstreamStatus ?? 0);
        return Outcome.FromResult(AttemptOutcome.Failed(error));
    }

    private async ValueTask<PurserError?> CompleteAsync(AttemptState state, ProviderRequest request, AttemptRecord attempt, CancellationToken token)
    {
        PurserContext context = state.Run.Context;
        using var attemptSource = CancellationTokenSource.CreateLinkedTokenSource(token);
        using var timer = new AttemptTimer(attemptSource, time, request.Timeout);
        ProviderResponse response;
        try
        {
            response = await state.Provider.CompleteAsync(request, attemptSource.Token);
        }
        catch (OperationCanceledException)
        {
            return state.Run.Interrupted(request);
        }

        if (response.Error is not null)
        {
            attempt.Usage = response.BilledOnError;
            return response.Error;
        }

        context.Response = response.Response;
        context.ResponseRaw = response.RawBody;
        context.ResponseProtocol = response.Protocol;
        context.ServedBy = request.Deployment;
        context.Usage = response.Response!.Usage;
        attempt.Usage = context.Usage;
        return null;
    }

    private async ValueTask<PurserError?> StreamAsync(AttemptState state, ProviderRequest request, AttemptRecord attempt, CancellationToken token)
    {
        DispatchRun run = state.Run;
        PurserContext context = run.Context;

        // The stream's own source: linked to the client only, so it outlives this attempt once handed over. Until
        // then the attempt's timer and the call's deadline cancel it too.
        var streamSource = CancellationTokenSource.CreateLinkedTokenSource(run.RequestToken);
        CancellationTokenRegistration deadline = token.Register(static s => AttemptTimer.Cancel((CancellationTokenSource)s!), streamSource);
        var timer = new AttemptTimer(streamSource, time, request.Timeout);
        IAsyncEnumerator<StreamChunk>? enumerator = null;
        bool handedOver = false;
        try
        {
            ProviderStreamResponse opened = await state.Provider.StreamAsync(request, streamSource.Token);
            if (opened.Error is not null)
            {
                return opened.Error;
            }

            enumerator = opened.Chunks!.GetAsyncEnumerator(streamSource.Token);
            if (!await enumerator.MoveNextAsync())
            {
                return new PurserError(ErrorKind.InvalidResponse, 502, $"Upstream {request.Deployment.Provider} closed the stream without sending anything.") { Code = FailureClassifier.StreamInterrupted };
            }

            StreamChunk first = enumerator.Current;
            foreach (StreamEvent e in first.Events)
            {
                if (e is ErrorEvent error)
                {
                    return error.Error;
                }
            }

            timer.Dispose();
            await deadline.DisposeAsync();
            if (streamSource.IsCancellationRequested)
            {
                return run.Interrupted(request);
            }

            context.TimeToFirstToken = time.GetElapsedTime(context.StartTimestamp);
            context.ServedBy = request.Deployment;
            context.ResponseProtocol = first.Protocol;
            context.Stream = new PurserStream(context, run.Pipeline, first, new ServedStream(enumerator, streamSource, state.Health, time));
            handedOver = true;
            return null;
        }
        catch (OperationCanceledException)
        {
            return run.Interrupted(request);
        }
        finally
        {
            timer.Dispose();
            await deadline.DisposeAsync();
            if (!handedOver)
            {
                if (enumerator is not null)
                {
                    await enumerator.DisposeAsync();
                }

                streamSource.Dispose();
            }
        }
    }

    /// <summary>The fields translation left out of the attempt that served: named to the client and in the ledger's warnings.</summary>
    private static void NoteDropped(PurserContext context, Translation.TranslationReport report)
    {
        if (report.Dropped.Count == 0)
        {
            return;
        }

        string fields = string.Join(", ", report.Dropped);
        context.ResponseHeaders[DroppedFieldsHeader] = fields;
        context.Warnings.Add("Dropped in translation for " + context.ServedBy + ": " + fields);
    }

    /// <summary>
    /// The route's deployments, those that asked callers to wait (Retry-After) moved to the end: they serve only when
    /// everything else failed, so their wait is honoured whenever there is an alternative.
    /// </summary>
    private IReadOnlyList<Deployment> InOrder(RouteDecision route, ref List<string>? notes)
    {
        DateTimeOffset now = time.GetUtcNow();
        List<Deployment>? cooling = null;
        List<Deployment>? ready = null;
        for (int i = 0; i < route.Deployments.Count; i++)
        {
            Deployment deployment = route.Deployments[i];
            if (health.TryGet(deployment, out DeploymentHealth? known) && known!.CoolingFor(now) is TimeSpan wait)
            {
                ready ??= [.. route.Deployments.Take(i)];
                (cooling ??= []).Add(deployment);
                (notes ??= []).Add($"{deployment} last (asked to wait {Seconds(wait)} s)");
            }
            else
            {
                ready?.Add(deployment);
            }
        }

        return cooling is null ? route.Deployments : [.. ready!, .. cooling];
    }

    /// <summary>
    /// The call's deadline: the configured one, never shorter than one attempt of any deployment of the route. A caller's
    /// x-purser-timeout only shortens attempts (<see cref="AttemptTimeout"/>), so it never lengthens the deadline.
    /// </summary>
    private TimeSpan Deadline(PurserContext context, RouteDecision route)
    {
        TimeSpan deadline = TimeSpan.FromSeconds(options.Resilience.TotalDeadlineSeconds);
        foreach (Deployment deployment in route.Deployments)
        {
            if (providers.TryGet(deployment.Provider, out _) && AttemptTimeout(context, health.Get(deployment).Policy.AttemptTimeout) is var attempt && attempt > deadline)
            {
                deadline = attempt;
            }
        }

        return deadline;
    }

    /// <summary>An attempt's time limit: the operator's for the deployment, or the caller's when that is shorter.</summary>
    private static TimeSpan AttemptTimeout(PurserContext context, TimeSpan configured) =>
        context.AttemptTimeout is TimeSpan asked && asked < configured ? asked : configured;

    private static PurserError Soonest(PurserError? current, PurserError candidate) =>
        current?.RetryAfter is TimeSpan a && candidate.RetryAfter is TimeSpan b && a <= b ? current : candidate;

    private static void NoteSkipped(RouteDecision route, List<string>? skipped)
    {
        if (skipped is { Count: > 0 })
        {
            route.Reason += "; " + string.Join(", ", skipped);
        }
    }

    private static string Seconds(TimeSpan wait) => Math.Ceiling(wait.TotalSeconds).ToString(CultureInfo.InvariantCulture);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Request {RequestId}: attempt {Attempt} on {Deployment} failed ({ErrorKind}, upstream status {Status})")]
    private static partial void LogAttemptFailed(ILogger logger, string requestId, int attempt, string deployment, string errorKind, int status);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Information, Message = "Request {RequestId}: skipped {Deployment} ({Why})")]
    private static partial void LogSkipped(ILogger logger, string requestId, string deployment, string why);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Error, Message = "Request {RequestId}: dispatch to {Deployment} failed unexpectedly")]
    private static partial void LogUnexpected(ILogger logger, string requestId, string deployment, Exception exception);
}
