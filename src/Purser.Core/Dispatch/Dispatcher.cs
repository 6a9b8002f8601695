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
internal sealed partial class Dispatcher(IProviderRegistry providers, DeploymentHealthRegistry health, PurserOptions options, TimeProvider time, ILogger<Dispatcher> logger, Balancing.DeploymentQuotas? quotas = null) : IDispatcher
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
        var tally = new DispatchTally();
        if (await DispatchRouteAsync(run, tally, linked.Token, deadlineAt)
            || await DispatchCoolingAsync(run, tally, linked.Token, deadlineAt)
            || await DispatchOpenAsync(run, tally, linked.Token))
        {
            NoteSkipped(route, tally.Notes);
            return;
        }

        NoteSkipped(route, tally.Notes);
        PurserError? last = tally.Last;
        if (cancellationToken.IsCancellationRequested)
        {
            last = DispatchRun.Cancelled;
        }
        else if (deadlineSource.IsCancellationRequested && last?.Code != "deadline_exceeded")
        {
            last = run.DeadlineExceeded();
        }

        context.Error = last ?? tally.SkippedError ?? PurserError.NoProvider("No deployment could serve the request.");
    }

    /// <summary>
    /// The first pass: the route's deployments in order (those cooling down last), each through its resilience pipeline.
    /// A deployment cooling down or with its circuit open is kept for a later pass. True when one served.
    /// </summary>
    private async ValueTask<bool> DispatchRouteAsync(DispatchRun run, DispatchTally tally, CancellationToken token, DateTimeOffset deadlineAt)
    {
        PurserContext context = run.Context;
        IReadOnlyList<Deployment> order = InOrder(context.Route!, tally);
        for (int index = 0; index < order.Count && !run.IsOver; index++)
        {
            Deployment deployment = order[index];
            if (!providers.TryGet(deployment, out IChatProvider? provider))
            {
                tally.Last ??= PurserError.NoProvider($"Provider '{deployment.Provider}' is not configured.", "provider_not_configured");
                continue;
            }

            if (OverQuota(context, deployment, tally))
            {
                continue;
            }

            var state = new AttemptState(this, run, provider, health.Get(deployment));
            if (state.Health.CoolingFor(time.GetUtcNow()) is not null)
            {
                // It asked callers to wait (Retry-After) since this call's order was made, or the order put it last:
                // it is called only after everything else failed, and not before its wait is over.
                tally.Cooling.Add(state);
                continue;
            }

            Outcome<AttemptOutcome> outcome = await ExecuteAsync(state, token, deadlineAt, hasFallback: index < order.Count - 1);
            switch (Handle(outcome, state, tally, DispatchPass.Route))
            {
                case DispatchStep.Served:
                    return true;
                case DispatchStep.Stop:
                    return false;
            }
        }

        return false;
    }

    /// <summary>
    /// Everything else failed: the deployments that asked to be left alone serve next, each once its wait is over (when
    /// that is within the deadline), soonest first. True when one served.
    /// </summary>
    private async ValueTask<bool> DispatchCoolingAsync(DispatchRun run, DispatchTally tally, CancellationToken token, DateTimeOffset deadlineAt)
    {
        foreach (AttemptState state in tally.Cooling.OrderBy(s => s.Health.CoolingFor(time.GetUtcNow()) ?? TimeSpan.Zero).ToList())
        {
            if (run.IsOver || !tally.AllowsFallback)
            {
                break;
            }

            Deployment deployment = state.Health.Deployment;
            if (state.Health.CoolingFor(time.GetUtcNow()) is TimeSpan wait)
            {
                if (wait > state.Health.Policy.MaxDelay || time.GetUtcNow() + wait >= deadlineAt)
                {
                    tally.Skip(
                        $"skipped {deployment} (asked to wait {Seconds(wait)} s, longer than Purser waits)",
                        new PurserError(ErrorKind.RateLimited, 429, $"Every deployment of the route failed or asked to wait; {deployment} asked to wait {Seconds(wait)} s.") { Code = "rate_limited", RetryAfter = wait });
                    LogSkipped(logger, run.Context.RequestId, deployment.Id, "asked to wait past the deadline");
                    continue;
                }

                try
                {
                    await Task.Delay(wait, time, token);
                }
                catch (OperationCanceledException)
                {
                    tally.Last = Interrupted(run);
                    break;
                }

                tally.Note($"waited {Seconds(wait)} s for {deployment} (Retry-After)");
            }

            if (OverQuota(run.Context, deployment, tally))
            {
                continue;
            }

            Outcome<AttemptOutcome> outcome = await ExecuteAsync(state, token, deadlineAt, hasFallback: false);
            switch (Handle(outcome, state, tally, DispatchPass.Cooling))
            {
                case DispatchStep.Served:
                    return true;
                case DispatchStep.Stop:
                    return false;
            }
        }

        return false;
    }

    /// <summary>
    /// Everything else failed: rather than fail the client, try each deployment whose circuit is open once, outside its
    /// breaker (the breaker exists to spare a failing deployment while another can serve; none can). True when one served.
    /// </summary>
    private async ValueTask<bool> DispatchOpenAsync(DispatchRun run, DispatchTally tally, CancellationToken token)
    {
        foreach (AttemptState state in tally.Open.ToList())
        {
            if (run.IsOver || !tally.AllowsFallback)
            {
                break;
            }

            if (OverQuota(run.Context, state.Health.Deployment, tally))
            {
                continue;
            }

            ResilienceContext resilience = ResilienceContextPool.Shared.Get(token);
            try
            {
                Outcome<AttemptOutcome> outcome = await AttemptAsync(resilience, state);
                tally.Note($"last resort {state.Health.Deployment} despite its open circuit");
                switch (Handle(outcome, state, tally, DispatchPass.LastResort))
                {
                    case DispatchStep.Served:
                        return true;
                    case DispatchStep.Stop:
                        return false;
                }
            }
            finally
            {
                ResilienceContextPool.Shared.Return(resilience);
            }
        }

        return false;
    }

    /// <summary>
    /// The one place an attempt's outcome is read, for every pass: a deployment whose circuit opened is kept for the last
    /// resort (noted on the first pass), a cancellation ends the call, an unexpected exception or a failure is the last
    /// error (a failure that allows no fallback ends the call; on the first pass one that asked to wait is kept for the
    /// cooling pass), a success serves.
    /// </summary>
    private DispatchStep Handle(Outcome<AttemptOutcome> outcome, AttemptState state, DispatchTally tally, DispatchPass pass)
    {
        Deployment deployment = state.Health.Deployment;
        switch (outcome.Exception)
        {
            case BrokenCircuitException broken:
                if (pass == DispatchPass.Route)
                {
                    TimeSpan retryAfter = broken.RetryAfter ?? state.Health.Policy.BreakDuration;
                    tally.Skip(
                        $"skipped {deployment} (circuit open)",
                        new PurserError(ErrorKind.NoProvider, 503, $"Every deployment of the route is failing and cooling down (circuit open); {deployment} will be tried again in {Seconds(retryAfter)} s.") { Code = "circuit_open", RetryAfter = retryAfter });
                    LogSkipped(logger, state.Run.Context.RequestId, deployment.Id, "circuit open");
                }

                tally.Open.Add(state);
                return DispatchStep.Continue;
            case OperationCanceledException:
                tally.Last = Interrupted(state.Run);
                return DispatchStep.Stop;
            case { } unexpected:
                LogUnexpected(logger, state.Run.Context.RequestId, deployment.Id, unexpected);
                tally.Last = PurserError.Internal($"Dispatch to {deployment} failed unexpectedly.");
                return DispatchStep.Continue;
        }

        AttemptOutcome result = outcome.Result!;
        if (result.Succeeded)
        {
            return DispatchStep.Served;
        }

        tally.Last = result.Error!;
        if (!FailureClassifier.AllowsFallback(tally.Last))
        {
            return DispatchStep.Stop;
        }

        if (pass == DispatchPass.Route && state.Health.CoolingFor(time.GetUtcNow()) is not null)
        {
            // It asked to wait rather than failed: should everything after it fail too, it gets one more turn, after the wait.
            tally.Cooling.Add(state);
        }

        return DispatchStep.Continue;
    }

    /// <summary>The error for a call cut short while waiting or in an attempt: the client left, or the deadline passed.</summary>
    private static PurserError Interrupted(DispatchRun run) => run.RequestToken.IsCancellationRequested ? DispatchRun.Cancelled : run.DeadlineExceeded();

    /// <summary>
    /// Whether the deployment's provider quota (an alias target's Rpm/Tpm) has no room for the call: it is then skipped
    /// like an open circuit, and the call is a 429 with the time until there is room when nothing else serves.
    /// </summary>
    private bool OverQuota(PurserContext context, Deployment deployment, DispatchTally tally)
    {
        if (quotas is null || Balancing.BalanceCall.Of(context) is not { } call || quotas.TryTake(call, deployment, out TimeSpan? wait))
        {
            return false;
        }

        tally.Skip(
            $"skipped {deployment} (its quota is full)",
            new PurserError(ErrorKind.RateLimited, 429, $"Every deployment of the route failed or is at its provider quota; {deployment} has room again in {(wait is TimeSpan w ? Seconds(w) + " s" : "no time: the call is larger than its quota")}.")
            {
                Code = "rate_limited",
                RetryAfter = wait,
            });
        LogSkipped(logger, context.RequestId, deployment.Id, "quota full");
        return true;
    }

    /// <summary>One deployment through its resilience pipeline (retries, circuit breaker).</summary>
    private static async ValueTask<Outcome<AttemptOutcome>> ExecuteAsync(AttemptState state, CancellationToken token, DateTimeOffset deadlineAt, bool hasFallback)
    {
        ResilienceContext resilience = ResilienceContextPool.Shared.Get(token);
        resilience.Properties.Set(DeploymentHealthRegistry.DeadlineKey, deadlineAt);
        resilience.Properties.Set(DeploymentHealthRegistry.HasFallbackKey, hasFallback);
        try
        {
            return await state.Health.Pipeline.ExecuteOutcomeAsync(
                static (ctx, state) => state.Dispatcher.AttemptAsync(ctx, state),
                resilience,
                state);
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
    private IReadOnlyList<Deployment> InOrder(RouteDecision route, DispatchTally tally)
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
                tally.Note($"{deployment} last (asked to wait {Seconds(wait)} s)");
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
            if (providers.TryGet(deployment, out _) && AttemptTimeout(context, health.Get(deployment).Policy.AttemptTimeout) is var attempt && attempt > deadline)
            {
                deadline = attempt;
            }
        }

        return deadline;
    }

    /// <summary>An attempt's time limit: the operator's for the deployment, or the caller's when that is shorter.</summary>
    private static TimeSpan AttemptTimeout(PurserContext context, TimeSpan configured) =>
        context.AttemptTimeout is TimeSpan asked && asked < configured ? asked : configured;

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
