using Purser.Caching;
using Purser.Chat;
using Purser.Errors;
using Purser.Pipeline;

namespace Purser.Core.Tests.Caching;

public sealed class CacheStoreStageTests
{
    private static async Task<bool> StoredAfter(CacheStagesFixture f, Action<PurserContext> outcome)
    {
        PurserContext context = f.Call();
        await f.Lookup.InvokeAsync(context, CancellationToken.None);
        outcome(context);
        await f.StoreStage.CompleteAsync(context, CancellationToken.None);
        return f.Cache.IndexedKeys > 0;
    }

    [Fact]
    public async Task Complete_SuccessfulAnswer_IsStoredWithTheServedAttemptsCostAndTtl()
    {
        await using var f = new CacheStagesFixture();
        PurserContext context = f.Call(operation: "architecture");
        await f.Lookup.InvokeAsync(context, CancellationToken.None);
        CacheStagesFixture.Answer(context, "4", cost: 0.5m);
        context.Attempts.Insert(0, new AttemptRecord(new Purser.Routing.Deployment("other", "x"), 1) { Error = PurserError.Internal("boom"), CostUsd = 0.01m });
        context.CostUsd = 0.51m;

        await f.StoreStage.CompleteAsync(context, CancellationToken.None);
        await f.Cache.FlushAsync();

        CacheEntry entry = f.Store.Entries.Values.ShouldHaveSingleItem();
        entry.CostUsd.ShouldBe(0.5m);
        entry.Operation.ShouldBe("architecture");
        entry.ExpiresAt.ShouldBe(entry.CreatedAt.AddDays(7));
        entry.Usage.TotalTokens.ShouldBe(160);
        entry.ToResponse().Model.ShouldBe("m-2025");
    }

    [Theory]
    [InlineData(FinishReason.Length)]
    [InlineData(FinishReason.ContentFilter)]
    [InlineData(FinishReason.Refusal)]
    [InlineData(FinishReason.Other)]
    public async Task Complete_IncompleteOrRefusedAnswer_IsNotStored(object finishValue)
    {
        var finish = (FinishReason)finishValue;
        await using var f = new CacheStagesFixture();

        (await StoredAfter(f, c => CacheStagesFixture.Answer(c, "partial", finish))).ShouldBeFalse();
    }

    [Fact]
    public async Task Complete_Failure_IsNotStoredAndWaitingCallsAreReleased()
    {
        await using var f = new CacheStagesFixture();
        PurserContext leader = f.Call();
        await f.Lookup.InvokeAsync(leader, CancellationToken.None);
        PurserContext follower = f.Call();
        Task waiting = f.Lookup.InvokeAsync(follower, CancellationToken.None).AsTask();
        f.Cache.Waiting.ShouldBe(1);

        leader.Error = new PurserError(ErrorKind.UpstreamHttp, 502, "upstream broke");
        await f.StoreStage.CompleteAsync(leader, CancellationToken.None);
        await waiting;

        follower.CacheStatus.ShouldBe(CacheStatus.Miss);
        follower.Response.ShouldBeNull();
        f.Cache.IndexedKeys.ShouldBe(0);
        await f.StoreStage.CompleteAsync(follower, CancellationToken.None);
    }

    [Fact]
    public async Task Complete_EmptyAnswer_IsNotStored()
    {
        await using var f = new CacheStagesFixture();

        (await StoredAfter(f, c =>
        {
            CacheStagesFixture.Answer(c, "x");
            c.Response!.Content.Clear();
        })).ShouldBeFalse();
    }

    [Fact]
    public async Task Complete_AnswerLargerThanMaxEntryBytes_IsNotStored()
    {
        await using var f = new CacheStagesFixture(new CacheOptions { MaxEntryBytes = 2048 });

        (await StoredAfter(f, c => CacheStagesFixture.Answer(c, new string('x', 4096)))).ShouldBeFalse();
    }

    [Fact]
    public async Task Complete_ToolCallsAndThinking_RoundTrip()
    {
        await using var f = new CacheStagesFixture();
        PurserContext context = f.Call();
        await f.Lookup.InvokeAsync(context, CancellationToken.None);
        CacheStagesFixture.Answer(context, "Let me look.", FinishReason.ToolCalls);
        context.Response!.Content.Insert(0, new ThinkingPart("need a lookup") { Signature = "sig-1" });
        context.Response.Content.Add(new ToolCallPart("call_1", "lookup", """{"name":"Foo"}"""));
        await f.StoreStage.CompleteAsync(context, CancellationToken.None);

        PurserContext hit = f.Call();
        await f.Lookup.InvokeAsync(hit, CancellationToken.None);

        hit.Response!.FinishReason.ShouldBe(FinishReason.ToolCalls);
        hit.Response.Content.Count.ShouldBe(3);
        hit.Response.Content[0].ShouldBeOfType<ThinkingPart>().Signature.ShouldBe("sig-1");
        hit.Response.Content[2].ShouldBeOfType<ToolCallPart>().Arguments.ShouldBe("""{"name":"Foo"}""");
    }

    [Fact]
    public async Task Complete_CallTheLookupNeverSaw_DoesNothing()
    {
        await using var f = new CacheStagesFixture();
        PurserContext context = f.Call();
        CacheStagesFixture.Answer(context, "4");

        await f.StoreStage.CompleteAsync(context, CancellationToken.None);

        f.Cache.IndexedKeys.ShouldBe(0);
    }
}
