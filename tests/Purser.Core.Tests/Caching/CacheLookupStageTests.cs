using Microsoft.Extensions.Logging.Abstractions;
using Purser.Caching;
using Purser.Configuration;
using Purser.Ledger;
using Purser.Pipeline;
using Purser.Pricing;

namespace Purser.Core.Tests.Caching;

public sealed class CacheLookupStageTests
{
    [Fact]
    public async Task Invoke_FirstCall_MissesAndLeads()
    {
        await using var f = new CacheStagesFixture();
        PurserContext context = f.Call();

        await f.Lookup.InvokeAsync(context, CancellationToken.None);

        context.CacheStatus.ShouldBe(CacheStatus.Miss);
        context.Response.ShouldBeNull();
        f.Cache.InFlight.ShouldBe(1);
        await f.StoreStage.CompleteAsync(context, CancellationToken.None); // ends the flight even without an answer
        f.Cache.InFlight.ShouldBe(0);
    }

    [Fact]
    public async Task Invoke_RepeatedCall_IsAnsweredFromTheCacheAtNoCost()
    {
        await using var f = new CacheStagesFixture();
        await f.RunAsync(text: "Four.");
        f.Time.Advance(TimeSpan.FromSeconds(90));

        PurserContext hit = await f.RunAsync(text: "not used");

        hit.CacheStatus.ShouldBe(CacheStatus.Hit);
        hit.Response!.Text.ShouldBe("Four.");
        hit.Response.Usage.OutputTokens.ShouldBe(40); // the replayed answer keeps its own usage for the client
        hit.Usage.IsEmpty.ShouldBeTrue(); // nothing billed
        hit.Attempts.ShouldBeEmpty();
        hit.ServedBy.ShouldBe(CacheStagesFixture.Deployment);
        hit.SavedUsd.ShouldBe(0.00115m);
        hit.CacheSavedTokens.ShouldBe(160);
        hit.ResponseHeaders[CacheHeaders.Age].ShouldBe("90");
        hit.ResponseHeaders[CacheHeaders.SavedUsd].ShouldBe("0.00115");
    }

    [Fact]
    public async Task Hit_IsPricedAtZeroAndLedgeredWithItsSavings()
    {
        await using var f = new CacheStagesFixture();
        await f.RunAsync();
        PurserContext hit = await f.RunAsync();
        var price = new PriceStage(new DeploymentPrices(PricingCatalog.LoadBuiltIn(), new PurserOptions()), NullLogger<PriceStage>.Instance);

        await price.CompleteAsync(hit, CancellationToken.None);
        LedgerEntry row = LedgerStage.ToEntry(hit);

        hit.CostUsd.ShouldBe(0m);
        row.CacheHit.ShouldBeTrue();
        row.CacheOutcome.ShouldBe("hit");
        row.CostUsd.ShouldBe(0m);
        row.SavedUsd.ShouldBe(0.00115m);
        row.CacheSavedTokens.ShouldBe(160);
        row.InputTokens.ShouldBe(0);
        row.OutputTokens.ShouldBe(0);
        row.Attempts.ShouldBe(0);
        row.Provider.ShouldBe("up");
        row.Model.ShouldBe("m");
    }

    [Fact]
    public async Task Invoke_NoCache_BypassesButStoresTheFreshAnswer()
    {
        await using var f = new CacheStagesFixture();
        await f.RunAsync(text: "old");
        PurserContext refresh = f.Call();
        refresh.CacheDirectives = new CacheDirectives { NoRead = true };

        await f.Lookup.InvokeAsync(refresh, CancellationToken.None);
        CacheStagesFixture.Answer(refresh, "new");
        await f.StoreStage.CompleteAsync(refresh, CancellationToken.None);

        refresh.CacheStatus.ShouldBe(CacheStatus.Bypass);
        refresh.ResponseHeaders[CacheHeaders.Reason].ShouldBe("no-cache");
        (await f.RunAsync()).Response!.Text.ShouldBe("new");
    }

    [Fact]
    public async Task Invoke_Off_NeitherReadsNorWrites()
    {
        await using var f = new CacheStagesFixture();
        await f.RunAsync(text: "stored");
        PurserContext off = f.Call("Another question");
        off.CacheDirectives = new CacheDirectives { NoRead = true, NoWrite = true };

        await f.Lookup.InvokeAsync(off, CancellationToken.None);
        CacheStagesFixture.Answer(off, "fresh");
        await f.StoreStage.CompleteAsync(off, CancellationToken.None);

        off.CacheStatus.ShouldBe(CacheStatus.Bypass);
        off.ResponseHeaders[CacheHeaders.Reason].ShouldBe("off");
        (await f.RunAsync("Another question", "again")).CacheStatus.ShouldBe(CacheStatus.Miss);
    }

    [Fact]
    public async Task Invoke_NoStore_ReadsButDoesNotWrite()
    {
        await using var f = new CacheStagesFixture();
        PurserContext first = f.Call();
        first.CacheDirectives = new CacheDirectives { NoWrite = true };
        await f.Lookup.InvokeAsync(first, CancellationToken.None);
        CacheStagesFixture.Answer(first, "4");
        await f.StoreStage.CompleteAsync(first, CancellationToken.None);
        first.CacheStatus.ShouldBe(CacheStatus.Miss);

        (await f.RunAsync()).CacheStatus.ShouldBe(CacheStatus.Miss); // nothing was stored; this one stores

        PurserContext third = f.Call();
        third.CacheDirectives = new CacheDirectives { NoWrite = true };
        await f.Lookup.InvokeAsync(third, CancellationToken.None);
        third.CacheStatus.ShouldBe(CacheStatus.Hit);
    }

    [Fact]
    public async Task Invoke_SamplingRequest_IsBypassedUnlessOptedIn()
    {
        await using var f = new CacheStagesFixture();
        PurserContext sampling = f.Call(change: r => r.Temperature = 0.8);

        await f.Lookup.InvokeAsync(sampling, CancellationToken.None);

        sampling.CacheStatus.ShouldBe(CacheStatus.Bypass);
        sampling.ResponseHeaders[CacheHeaders.Reason].ShouldBe("non-deterministic");

        PurserContext optedIn = f.Call(change: r => r.Temperature = 0.8);
        optedIn.CacheDirectives = new CacheDirectives { AllowNonDeterministic = true };
        await f.Lookup.InvokeAsync(optedIn, CancellationToken.None);
        optedIn.CacheStatus.ShouldBe(CacheStatus.Miss);
        await f.StoreStage.CompleteAsync(optedIn, CancellationToken.None);
    }

    [Fact]
    public async Task Invoke_AfterTheOperationsTtl_Misses()
    {
        await using var f = new CacheStagesFixture();
        await f.RunAsync(operation: "debug");

        f.Time.Advance(TimeSpan.FromMinutes(59));
        (await f.RunAsync(operation: "debug")).CacheStatus.ShouldBe(CacheStatus.Hit);
        f.Time.Advance(TimeSpan.FromMinutes(2));
        (await f.RunAsync(operation: "debug")).CacheStatus.ShouldBe(CacheStatus.Miss);
    }

    [Fact]
    public async Task Invoke_RequestedTtl_WinsOverTheOperations()
    {
        await using var f = new CacheStagesFixture();
        PurserContext first = f.Call(operation: "architecture");
        first.CacheDirectives = new CacheDirectives { Ttl = TimeSpan.FromMinutes(10) };
        await f.Lookup.InvokeAsync(first, CancellationToken.None);
        CacheStagesFixture.Answer(first, "4");
        await f.StoreStage.CompleteAsync(first, CancellationToken.None);

        f.Time.Advance(TimeSpan.FromMinutes(11));

        (await f.RunAsync(operation: "architecture")).CacheStatus.ShouldBe(CacheStatus.Miss);
    }
}
