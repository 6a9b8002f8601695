using Purser.Errors;
using Purser.Ledger;
using Purser.Pipeline;
using Purser.Resilience;
using Purser.Streaming;
using Purser.Usage;

namespace Purser.Core.Tests.Dispatch;

public sealed class DispatcherTests
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(100);

    [Fact]
    public async Task Dispatch_FirstDeploymentAnswers_OneAttemptAndNoRetry()
    {
        var h = new DispatchHarness();

        PurserContext context = await h.RunAsync(h.Context(false, "openai/gpt-4o-mini", "anthropic/claude-haiku-4-5"));

        context.Error.ShouldBeNull();
        context.ServedBy!.Id.ShouldBe("openai/gpt-4o-mini");
        context.Attempts.Count.ShouldBe(1);
        h["anthropic"].Calls.ShouldBe(0);
    }

    [Fact]
    public async Task Dispatch_BurstOf500s_RetriesWithExponentialBackoffThenSucceeds()
    {
        var h = new DispatchHarness();
        h["openai"].OnComplete = (n, _, _) => n < 3 ? FakeChatProvider.Fail(UpstreamError.Http(500)) : FakeChatProvider.Ok("third time lucky");

        PurserContext context = await h.RunAsync(h.Context(false, "openai/gpt-4o-mini", "anthropic/claude-haiku-4-5"));

        context.Error.ShouldBeNull();
        context.Response!.Text.ShouldBe("third time lucky");
        IReadOnlyList<DateTimeOffset> times = h["openai"].CallTimes;
        times.Count.ShouldBe(3);
        (times[1] - times[0]).ShouldBe(TimeSpan.FromSeconds(1)); // 1 s base (jitter off in the harness)
        (times[2] - times[1]).ShouldBe(TimeSpan.FromSeconds(2)); // then doubled
        h["anthropic"].Calls.ShouldBe(0);
        context.Attempts.Select(a => a.Error?.Kind.ToName() ?? "ok").ShouldBe(["upstream_http", "upstream_http", "ok"]);
    }

    [Fact]
    public async Task Dispatch_429WithRetryAfter_WaitsExactlyWhatTheUpstreamAsked()
    {
        var h = new DispatchHarness();
        h["openai"].OnComplete = (n, _, _) => n == 1 ? FakeChatProvider.Fail(UpstreamError.Http(429, TimeSpan.FromMilliseconds(2500))) : FakeChatProvider.Ok("after the wait");

        Task call = h.StartAsync(h.Context(false, "openai/gpt-4o-mini"));
        h["openai"].Calls.ShouldBe(1);
        h.Time.Advance(TimeSpan.FromMilliseconds(2499));
        h["openai"].Calls.ShouldBe(1);
        h.Time.Advance(TimeSpan.FromMilliseconds(1));
        await DispatchHarness.Eventually(() => h["openai"].Calls == 2);
        await call.WaitAsync(TimeSpan.FromSeconds(10));

        (h["openai"].CallTimes[1] - h["openai"].CallTimes[0]).ShouldBe(TimeSpan.FromMilliseconds(2500));
    }

    [Fact]
    public async Task Dispatch_RetryAfterLongerThanTheBackoffWithAFallback_FallsBackNowInsteadOfWaiting()
    {
        var h = new DispatchHarness();
        h["openai"].OnComplete = (n, _, _) => n == 1 ? FakeChatProvider.Fail(UpstreamError.Http(429, TimeSpan.FromSeconds(5))) : FakeChatProvider.Ok("later");

        Task call = h.StartAsync(h.Context(false, "openai/gpt-4o-mini", "anthropic/claude-haiku-4-5"));
        await call.WaitAsync(TimeSpan.FromSeconds(10));

        h["openai"].Calls.ShouldBe(1);
        h["anthropic"].Calls.ShouldBe(1); // at once: 5 s is longer than the 1 s backoff of a first retry
        h.Health.Snapshot().Single(s => s.Provider == "openai").CoolingUntil.ShouldBe(h.Time.GetUtcNow() + TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Dispatch_RetryAfterWithinTheBackoffWithAFallback_RetriesTheSameDeployment()
    {
        var h = new DispatchHarness();
        h["openai"].OnComplete = (n, _, _) => n == 1 ? FakeChatProvider.Fail(UpstreamError.Http(429, TimeSpan.FromMilliseconds(300))) : FakeChatProvider.Ok("soon");

        PurserContext context = await h.RunAsync(h.Context(false, "openai/gpt-4o-mini", "anthropic/claude-haiku-4-5"));

        context.ServedBy!.Provider.ShouldBe("openai");
        (h["openai"].CallTimes[1] - h["openai"].CallTimes[0]).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(300));
        h["anthropic"].Calls.ShouldBe(0);
    }

    [Fact]
    public async Task Dispatch_RetryAfterLongerThanTheCap_FallsBackAndLeavesTheDeploymentAloneUntilThen()
    {
        var h = new DispatchHarness();
        h["openai"].OnComplete = (_, _, _) => FakeChatProvider.Fail(UpstreamError.Http(429, TimeSpan.FromSeconds(60)));

        PurserContext first = await h.RunAsync(h.Context(false, "openai/gpt-4o-mini", "anthropic/claude-haiku-4-5"));
        PurserContext second = await h.RunAsync(h.Context(false, "openai/gpt-4o-mini", "anthropic/claude-haiku-4-5"));

        first.Error.ShouldBeNull();
        first.ServedBy!.Provider.ShouldBe("anthropic");
        second.ServedBy!.Provider.ShouldBe("anthropic");
        h["openai"].Calls.ShouldBe(1); // not retried (60 s > 30 s cap), and not called again while it asked to wait
        second.Route!.Reason.ShouldContain("openai/gpt-4o-mini last (asked to wait");
        h.Health.Snapshot().Single(s => s.Provider == "openai").CoolingUntil.ShouldNotBeNull();
    }

    [Fact]
    public async Task Dispatch_OnlyDeploymentAskedToWaitLongerThanTheCap_IsNotCalledBeforeItsTime_ClientGets429WithTheRest()
    {
        var h = new DispatchHarness(o => o.Resilience.Retry.MaxAttempts = 1);
        h["openai"].OnComplete = (n, _, _) => n == 1 ? FakeChatProvider.Fail(UpstreamError.Http(429, TimeSpan.FromSeconds(60))) : FakeChatProvider.Ok("fine");

        PurserContext first = await h.RunAsync(h.Context(false, "openai/gpt-4o-mini"));
        h.Time.Advance(TimeSpan.FromSeconds(20));
        PurserContext second = await h.RunAsync(h.Context(false, "openai/gpt-4o-mini"));
        h.Time.Advance(TimeSpan.FromSeconds(40));
        PurserContext third = await h.RunAsync(h.Context(false, "openai/gpt-4o-mini"));

        first.Error!.Kind.ShouldBe(ErrorKind.RateLimited);
        first.Error.RetryAfter.ShouldBe(TimeSpan.FromSeconds(60));
        second.Error!.Kind.ShouldBe(ErrorKind.RateLimited);
        second.Error.RetryAfter.ShouldBe(TimeSpan.FromSeconds(40));
        second.Attempts.ShouldBeEmpty(); // nothing was sent inside the wait
        third.Error.ShouldBeNull();
        h["openai"].Calls.ShouldBe(2);
    }

    [Fact]
    public async Task Dispatch_OnlyDeploymentAskedToWaitAShortTime_WithoutRetriesLeft_TheCallWaitsItOutThenIsServed()
    {
        var h = new DispatchHarness(o => o.Resilience.Retry.MaxAttempts = 1);
        h["openai"].OnComplete = (n, _, _) => n == 1 ? FakeChatProvider.Fail(UpstreamError.Http(429, TimeSpan.FromSeconds(3))) : FakeChatProvider.Ok("fine");

        PurserContext context = h.Context(false, "openai/gpt-4o-mini");
        Task call = h.StartAsync(context);
        h.Time.Advance(TimeSpan.FromMilliseconds(2999));
        h["openai"].Calls.ShouldBe(1);
        await h.FinishAsync(call, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(1));

        context.Error.ShouldBeNull();
        (h["openai"].CallTimes[1] - h["openai"].CallTimes[0]).ShouldBe(TimeSpan.FromSeconds(3));
        context.Route!.Reason.ShouldContain("waited 3 s for openai/gpt-4o-mini (Retry-After)");
    }

    [Theory]
    [InlineData(400)]
    [InlineData(413)]
    [InlineData(422)]
    public async Task Dispatch_UpstreamRejectsTheRequest_NeitherRetriedNorSentElsewhere(int status)
    {
        var h = new DispatchHarness();
        h["openai"].OnComplete = (_, _, _) => FakeChatProvider.Fail(UpstreamError.Http(status));

        PurserContext context = await h.RunAsync(h.Context(false, "openai/gpt-4o-mini", "anthropic/claude-haiku-4-5"));

        context.Error!.UpstreamStatus.ShouldBe(status);
        h["openai"].Calls.ShouldBe(1);
        h["anthropic"].Calls.ShouldBe(0);
    }

    [Theory]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(404)]
    public async Task Dispatch_DeploymentRefusesCredentialsOrModel_NotRetriedButFallsBack(int status)
    {
        var h = new DispatchHarness();
        h["openai"].OnComplete = (_, _, _) => FakeChatProvider.Fail(UpstreamError.Http(status));

        PurserContext context = await h.RunAsync(h.Context(false, "openai/gpt-4o-mini", "anthropic/claude-haiku-4-5"));

        context.Error.ShouldBeNull();
        h["openai"].Calls.ShouldBe(1);
        context.ServedBy!.Provider.ShouldBe("anthropic");
    }

    [Theory]
    [InlineData(408)]
    [InlineData(409)]
    [InlineData(502)]
    [InlineData(503)]
    public async Task Dispatch_RetryableStatus_TriedThreeTimesPerDeployment(int status)
    {
        var h = new DispatchHarness();
        h["openai"].OnComplete = (_, _, _) => FakeChatProvider.Fail(UpstreamError.Http(status));

        PurserContext context = await h.RunAsync(h.Context(false, "openai/gpt-4o-mini", "anthropic/claude-haiku-4-5"));

        h["openai"].Calls.ShouldBe(3);
        context.ServedBy!.Provider.ShouldBe("anthropic");
    }

    [Fact]
    public async Task Dispatch_UpstreamNeverAnswers_AttemptTimesOutOnTheInjectedClockThenFallsBack()
    {
        var h = new DispatchHarness(o =>
        {
            o.Resilience.AttemptTimeoutSeconds = 5;
            o.Resilience.Retry.MaxAttempts = 2;
        });
        h["openai"].OnComplete = (_, _, token) => FakeChatProvider.Hang(token);

        Task call = h.StartAsync(h.Context(false, "openai/gpt-4o-mini", "anthropic/claude-haiku-4-5"));
        h.Time.Advance(TimeSpan.FromSeconds(4.9));
        h["openai"].Calls.ShouldBe(1);
        await h.FinishAsync(call, Step, TimeSpan.FromMinutes(1));

        IReadOnlyList<DateTimeOffset> times = h["openai"].CallTimes;
        times.Count.ShouldBe(2);
        (times[1] - times[0]).ShouldBe(TimeSpan.FromSeconds(6)); // 5 s timeout, then 1 s backoff
        h["anthropic"].Calls.ShouldBe(1);
    }

    [Fact]
    public async Task Dispatch_PerCallTimeout_OverridesTheProviders()
    {
        var h = new DispatchHarness(o => o.Resilience.Retry.MaxAttempts = 1);
        h["openai"].OnComplete = (_, _, token) => FakeChatProvider.Hang(token);
        PurserContext context = h.Context(false, "openai/gpt-4o-mini");
        context.AttemptTimeout = TimeSpan.FromSeconds(2);

        Task call = h.StartAsync(context);
        h.Time.Advance(TimeSpan.FromSeconds(2));
        await call.WaitAsync(TimeSpan.FromSeconds(10));

        context.Error!.Kind.ShouldBe(ErrorKind.Timeout);
        context.Error.StatusCode.ShouldBe(504);
        context.Error.Message.ShouldContain("2 s");
    }

    [Theory]
    [InlineData(null)]
    [InlineData(3600)] // a caller's longer x-purser-timeout lengthens neither the attempt nor the deadline
    public async Task Dispatch_TotalDeadline_EndsTheCallWhateverIsLeft(int? callerTimeoutSeconds)
    {
        var h = new DispatchHarness(o =>
        {
            o.Resilience.AttemptTimeoutSeconds = 4;
            o.Resilience.TotalDeadlineSeconds = 10;
            o.Resilience.Retry.MaxAttempts = 10;
        });
        h["openai"].OnComplete = (_, _, token) => FakeChatProvider.Hang(token);
        PurserContext context = h.Context(false, "openai/gpt-4o-mini", "anthropic/claude-haiku-4-5");
        context.AttemptTimeout = callerTimeoutSeconds is int seconds ? TimeSpan.FromSeconds(seconds) : null;

        Task call = h.StartAsync(context);
        await h.FinishAsync(call, Step, TimeSpan.FromMinutes(5));

        context.Error!.Kind.ShouldBe(ErrorKind.Timeout);
        context.Error.Code.ShouldBe("deadline_exceeded");
        h.Time.GetUtcNow().ShouldBeLessThanOrEqualTo(context.StartedAt + TimeSpan.FromSeconds(10.1));
        h["openai"].LastRequest.Timeout.ShouldBe(TimeSpan.FromSeconds(4));
        h["openai"].Calls.ShouldBe(2); // 4 s, 1 s wait, 4 s, 1 s wait: the deadline falls during the next backoff
        h["anthropic"].Calls.ShouldBe(0);
    }

    [Fact]
    public async Task Dispatch_EveryDeploymentFails_ClientGetsTheLastErrorAndEveryAttemptIsRecorded()
    {
        var h = new DispatchHarness();
        foreach (FakeChatProvider fake in h.Fakes.Values)
        {
            fake.OnComplete = (_, _, _) => FakeChatProvider.Fail(UpstreamError.Connection());
        }

        h["gemini"].OnComplete = (_, _, _) => FakeChatProvider.Fail(UpstreamError.Http(503));

        PurserContext context = await h.RunAsync(h.Context(false, "openai/gpt-4o-mini", "anthropic/claude-haiku-4-5", "gemini/gemini-2.5-flash"));

        context.Attempts.Count.ShouldBe(9); // three deployments × three tries
        context.Attempts.Select(a => a.Number).ShouldBe(Enumerable.Range(1, 9));
        context.Error!.UpstreamStatus.ShouldBe(503);
        context.Error.StatusCode.ShouldBe(502);
    }

    [Fact]
    public async Task CircuitBreaker_OpensAfterFailures_SkipsTheDeployment_HalfOpensAfterTheBreak_ClosesOnASuccessfulProbe()
    {
        var h = new DispatchHarness(o =>
        {
            o.Resilience.Retry.MaxAttempts = 1;
            o.Resilience.CircuitBreaker.MinimumThroughput = 2;
            o.Resilience.CircuitBreaker.FailureRatio = 0.5;
            o.Resilience.CircuitBreaker.SamplingDurationSeconds = 10;
            o.Resilience.CircuitBreaker.BreakDurationSeconds = 30;
        });
        bool healthy = false;
        h["openai"].OnComplete = (_, _, _) => healthy ? FakeChatProvider.Ok("back") : FakeChatProvider.Fail(UpstreamError.Http(500));
        string Circuit() => h.Health.Snapshot().Single(s => s.Provider == "openai").Circuit;

        await h.RunAsync(h.Context(false, "openai/gpt-4o-mini"));
        Circuit().ShouldBe(CircuitStatus.Closed);
        await h.RunAsync(h.Context(false, "openai/gpt-4o-mini"));
        Circuit().ShouldBe(CircuitStatus.Open);

        PurserContext whileOpen = await h.RunAsync(h.Context(false, "openai/gpt-4o-mini", "anthropic/claude-haiku-4-5"), TimeSpan.Zero);
        whileOpen.ServedBy!.Provider.ShouldBe("anthropic");
        whileOpen.Attempts.Select(a => a.Deployment.Provider).ShouldBe(["anthropic"]);
        whileOpen.Route!.Reason.ShouldContain("skipped openai/gpt-4o-mini (circuit open)");
        h["openai"].Calls.ShouldBe(2);

        h.Time.Advance(TimeSpan.FromSeconds(30));
        Circuit().ShouldBe(CircuitStatus.HalfOpen);
        healthy = true;
        PurserContext probe = await h.RunAsync(h.Context(false, "openai/gpt-4o-mini", "anthropic/claude-haiku-4-5"), TimeSpan.Zero);

        probe.ServedBy!.Provider.ShouldBe("openai");
        h["openai"].Calls.ShouldBe(3);
        Circuit().ShouldBe(CircuitStatus.Closed);
    }

    [Fact]
    public async Task CircuitBreaker_FailedProbe_OpensAgainForAnotherBreak()
    {
        var h = new DispatchHarness(o =>
        {
            o.Resilience.Retry.MaxAttempts = 1;
            o.Resilience.CircuitBreaker.MinimumThroughput = 2;
            o.Resilience.CircuitBreaker.BreakDurationSeconds = 30;
        });
        h["openai"].OnComplete = (_, _, _) => FakeChatProvider.Fail(UpstreamError.Connection());
        await h.RunAsync(h.Context(false, "openai/gpt-4o-mini"), TimeSpan.Zero);
        await h.RunAsync(h.Context(false, "openai/gpt-4o-mini"), TimeSpan.Zero);

        h.Time.Advance(TimeSpan.FromSeconds(30));
        PurserContext probe = await h.RunAsync(h.Context(false, "openai/gpt-4o-mini", "anthropic/claude-haiku-4-5"), TimeSpan.Zero);
        PurserContext after = await h.RunAsync(h.Context(false, "openai/gpt-4o-mini", "anthropic/claude-haiku-4-5"), TimeSpan.Zero);

        probe.Attempts.Select(a => a.Error?.Kind.ToName() ?? "ok").ShouldBe(["connection", "ok"]);
        after.Attempts.Select(a => a.Deployment.Provider).ShouldBe(["anthropic"]);
        h["openai"].Calls.ShouldBe(3);
        DeploymentHealthSnapshot snapshot = h.Health.Snapshot().Single(s => s.Provider == "openai");
        snapshot.Circuit.ShouldBe(CircuitStatus.Open);
        snapshot.OpenUntil.ShouldBe(h.Time.GetUtcNow() + TimeSpan.FromSeconds(30));
        snapshot.LastErrorKind.ShouldBe("connection");
        snapshot.FailureRatio.ShouldBe(1);
    }

    [Fact]
    public async Task CircuitBreaker_EveryOtherDeploymentFailed_TheOpenOneIsTriedOnceAsALastResort()
    {
        var h = new DispatchHarness(o =>
        {
            o.Resilience.Retry.MaxAttempts = 2;
            o.Resilience.CircuitBreaker.MinimumThroughput = 2;
        });
        bool recovered = false;
        h["openai"].OnComplete = (_, _, _) => recovered ? FakeChatProvider.Ok("recovered") : FakeChatProvider.Fail(UpstreamError.Http(500));
        h["anthropic"].OnComplete = (_, _, _) => FakeChatProvider.Fail(UpstreamError.Http(503));
        await h.RunAsync(h.Context(false, "openai/gpt-4o-mini"));

        // The breaker's state change continues on the thread pool: wait (bounded) until it is visible.
        await DispatchHarness.Eventually(() => h.Health.Snapshot().Single(s => s.Provider == "openai").Circuit == CircuitStatus.Open);
        recovered = true;

        PurserContext context = await h.RunAsync(h.Context(false, "openai/gpt-4o-mini", "anthropic/claude-haiku-4-5"));

        context.Error.ShouldBeNull();
        context.Response!.Text.ShouldBe("recovered");
        context.Attempts.Select(a => a.Deployment.Provider).ShouldBe(["anthropic", "anthropic", "openai"]);
        context.Route!.Reason.ShouldContain("last resort openai/gpt-4o-mini");
    }

    [Fact]
    public async Task CircuitBreaker_RejectedRequestsDoNotCountAgainstTheDeployment()
    {
        var h = new DispatchHarness(o =>
        {
            o.Resilience.Retry.MaxAttempts = 1;
            o.Resilience.CircuitBreaker.MinimumThroughput = 2;
        });
        h["openai"].OnComplete = (_, _, _) => FakeChatProvider.Fail(UpstreamError.Http(400));

        for (int i = 0; i < 5; i++)
        {
            await h.RunAsync(h.Context(false, "openai/gpt-4o-mini"), TimeSpan.Zero);
        }

        h["openai"].Calls.ShouldBe(5);
        h.Health.Snapshot().Single().Circuit.ShouldBe(CircuitStatus.Closed);
    }

    [Fact]
    public async Task Stream_FailsBeforeItsFirstEvent_IsRetriedAndTheClientSeesOnlyTheGoodStream()
    {
        var h = new DispatchHarness();
        h["openai"].OnStream = (n, _, _) => n switch
        {
            1 => FakeChatProvider.StreamFail(UpstreamError.Http(503)),
            2 => FakeChatProvider.Stream(FakeChatProvider.ChunksThenError(UpstreamError.CutOff())),
            _ => FakeChatProvider.Stream(FakeChatProvider.Chunks("all", " good")),
        };

        PurserContext context = await h.RunAsync(h.Context(true, "openai/gpt-4o-mini"));
        List<StreamChunk> chunks = await Read(context.Stream!);

        h["openai"].Calls.ShouldBe(3);
        chunks.SelectMany(c => c.Events).OfType<TextDeltaEvent>().Select(e => e.Text).ShouldBe(["all", " good"]);
        chunks.SelectMany(c => c.Events).OfType<ErrorEvent>().ShouldBeEmpty();
        context.Error.ShouldBeNull();
        context.Attempts.Count.ShouldBe(3);
    }

    [Fact]
    public async Task Stream_NeverRead_CloseUnread_StillCompletesTheCallAsAFailure()
    {
        var h = new DispatchHarness();
        h["openai"].OnStream = (_, _, _) => FakeChatProvider.Stream(FakeChatProvider.Chunks("never", " sent"));
        PurserContext context = await h.RunAsync(h.Context(true, "openai/gpt-4o-mini"));
        context.IsCompleted.ShouldBeFalse();

        await context.Stream!.CloseUnreadAsync();
        await context.Stream.CloseUnreadAsync();

        context.IsCompleted.ShouldBeTrue();
        context.Error!.Kind.ShouldBe(ErrorKind.Internal);
        context.Attempts.Single().Error.ShouldNotBeNull();
        await Should.ThrowAsync<InvalidOperationException>(async () => await Read(context.Stream));
    }

    [Fact]
    public async Task Stream_CutAfterItsFirstEvent_IsNotRetried_TheClientGetsAnErrorEvent()
    {
        var h = new DispatchHarness();
        h["openai"].OnStream = (_, _, _) => FakeChatProvider.Stream(FakeChatProvider.ChunksThenError(UpstreamError.CutOff(), "half an ans"));

        PurserContext context = await h.RunAsync(h.Context(true, "openai/gpt-4o-mini", "anthropic/claude-haiku-4-5"));
        List<StreamChunk> chunks = await Read(context.Stream!);

        h["openai"].Calls.ShouldBe(1);
        h["anthropic"].Calls.ShouldBe(0);
        chunks[0].Events.OfType<TextDeltaEvent>().Single().Text.ShouldBe("half an ans");
        chunks[^1].Events.OfType<ErrorEvent>().Single().Error.Code.ShouldBe(FailureClassifier.StreamInterrupted);
        context.Error!.Kind.ShouldBe(ErrorKind.InvalidResponse);
        context.Attempts.Single().Error.ShouldNotBeNull();
        h.Health.Snapshot().Single(s => s.Provider == "openai").LastErrorKind.ShouldBe("invalid_response");
    }

    [Fact]
    public async Task Stream_SlowFirstByte_TimesOutAndTheNextDeploymentServes()
    {
        var h = new DispatchHarness(o =>
        {
            o.Resilience.AttemptTimeoutSeconds = 3;
            o.Resilience.Retry.MaxAttempts = 1;
        });
        h["openai"].OnStream = (_, _, _) => FakeChatProvider.Stream(FakeChatProvider.SilentChunks());

        PurserContext context = h.Context(true, "openai/gpt-4o-mini", "anthropic/claude-haiku-4-5");
        Task call = h.StartAsync(context);
        h.Time.Advance(TimeSpan.FromSeconds(3));
        await call.WaitAsync(TimeSpan.FromSeconds(10));
        List<StreamChunk> chunks = await Read(context.Stream!);

        context.Attempts[0].Error!.Kind.ShouldBe(ErrorKind.Timeout);
        context.ServedBy!.Provider.ShouldBe("anthropic");
        chunks.SelectMany(c => c.Events).OfType<TextDeltaEvent>().ShouldNotBeEmpty();
    }

    [Fact]
    public async Task Accounting_EveryAttemptPricedOnItsOwn_TotalIsTheirSum_NothingTwice()
    {
        var h = new DispatchHarness(o => o.Resilience.Retry.MaxAttempts = 1);
        // The first deployment billed a truncated answer before failing; the second answers.
        h["openai"].OnComplete = (_, _, _) => FakeChatProvider.Fail(UpstreamError.Http(500), new TokenUsage(1000, 200));
        h["anthropic"].OnComplete = (_, _, _) => FakeChatProvider.Ok("done", input: 1000, output: 500);

        PurserContext context = await h.RunAsync(h.Context(false, "openai/gpt-4o-mini", "anthropic/claude-haiku-4-5"));

        // gpt-4o-mini: $0.15 / $0.60 per 1M; claude-haiku-4-5: $1 / $5 per 1M.
        context.Attempts[0].CostUsd.ShouldBe((1000 * 0.15m + 200 * 0.60m) / 1_000_000m);
        context.Attempts[1].CostUsd.ShouldBe((1000 * 1m + 500 * 5m) / 1_000_000m);
        context.CostUsd.ShouldBe(context.Attempts[0].CostUsd + context.Attempts[1].CostUsd);
        LedgerEntry row = LedgerStage.ToEntry(context);
        row.InputTokens.ShouldBe(2000);
        row.OutputTokens.ShouldBe(700);
        row.Attempts.ShouldBe(2);
        row.AttemptDetails.Select(a => a.Outcome).ShouldBe(["upstream_http", "ok"]);
        row.AttemptDetails.Sum(a => a.CostUsd!.Value).ShouldBe(row.CostUsd!.Value);
    }

    [Fact]
    public async Task Dispatch_ClientLeavesDuringABackoff_NoMoreAttempts()
    {
        var h = new DispatchHarness();
        h["openai"].OnComplete = (_, _, _) => FakeChatProvider.Fail(UpstreamError.Http(500));
        using var client = new CancellationTokenSource();
        PurserContext context = h.Context(false, "openai/gpt-4o-mini", "anthropic/claude-haiku-4-5");

        Task call = h.StartAsync(context, client.Token);
        await client.CancelAsync();
        await call.WaitAsync(TimeSpan.FromSeconds(10));

        context.Error!.Kind.ShouldBe(ErrorKind.Cancelled);
        h["openai"].Calls.ShouldBe(1);
        h["anthropic"].Calls.ShouldBe(0);
    }

    [Fact]
    public async Task Chaos_OneOfThreeProvidersFailsAtRandom_TheClientNeverSeesAnError()
    {
        var h = new DispatchHarness(o => o.Resilience.CircuitBreaker.MinimumThroughput = 10);
        var random = new Random(42);
        PurserError[] faults = [UpstreamError.Http(500), UpstreamError.Http(429, TimeSpan.FromSeconds(1)), UpstreamError.Connection(), UpstreamError.Http(503)];
        string[] names = ["openai", "anthropic", "gemini"];
        string broken = "openai";
        foreach (string name in names)
        {
            h[name].OnComplete = (_, _, _) => name == broken ? FakeChatProvider.Fail(faults[random.Next(faults.Length)]) : FakeChatProvider.Ok("ok from " + name);
        }

        int attempts = 0;
        for (int i = 0; i < 150; i++)
        {
            broken = names[random.Next(names.Length)];
            PurserContext context = await h.RunAsync(h.Context(false, "openai/gpt-4o-mini", "anthropic/claude-haiku-4-5", "gemini/gemini-2.5-flash"));
            context.Error.ShouldBeNull($"call {i}: {context.Error?.Message} ({context.Route!.Reason})");
            context.ServedBy!.Provider.ShouldNotBe(broken);
            attempts += context.Attempts.Count;
        }

        attempts.ShouldBeGreaterThan(150); // failures happened and were absorbed
    }

    private static async Task<List<StreamChunk>> Read(PurserStream stream)
    {
        var chunks = new List<StreamChunk>();
        await foreach (StreamChunk chunk in stream)
        {
            chunks.Add(chunk);
        }

        return chunks;
    }
}
