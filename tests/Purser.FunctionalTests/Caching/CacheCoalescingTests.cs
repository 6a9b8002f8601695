using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Purser.Caching;
using Purser.FunctionalTests.Infrastructure;
using static Purser.FunctionalTests.Caching.CacheCalls;

namespace Purser.FunctionalTests.Caching;

/// <summary>Many identical requests at once: one upstream call, everyone else answered from it.</summary>
public sealed class CacheCoalescingTests
{
    private const int Callers = 12;

    [Theory]
    [MemberData(nameof(Wires.All), MemberType = typeof(Wires))]
    public async Task IdenticalRequestsAtOnce_MakeOneUpstreamCall_AndTheRestHit(string wire)
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(Wires.Create(wire), Prices);
        h.Scenario.Answer = new FakeAnswer("One answer for everyone.");
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Scenario.HoldBeforeAnswer = gate;
        ResponseCache cache = h.Gateway.Services.GetRequiredService<ResponseCache>();
        using HttpClient http = h.Gateway.CreateClient();

        // The same question over both APIs, streamed and not (max_tokens equal, so one key).
        Task<(HttpResponseMessage Response, string Body)>[] calls = [.. Enumerable.Range(0, Callers).Select(i => (i % 4) switch
        {
            0 => ChatAsync(http, OpenAIBody("Everyone asks this.", extra: ""","max_tokens":100""")),
            1 => ChatAsync(http, OpenAIBody("Everyone asks this.", stream: true, extra: ""","max_tokens":100""")),
            2 => MessagesAsync(http, AnthropicBody("Everyone asks this.")),
            _ => MessagesAsync(http, AnthropicBody("Everyone asks this.", stream: true)),
        })];
        await WaitUntilAsync(() => h.Upstream.CallCount == 1 && cache.Waiting == Callers - 1, "one call is upstream and the rest wait for it");
        gate.SetResult();
        (HttpResponseMessage Response, string Body)[] answers = await Task.WhenAll(calls);

        h.Upstream.CallCount.ShouldBe(1);
        answers.ShouldAllBe(a => a.Response.StatusCode == HttpStatusCode.OK);
        answers.Select(a => Text(a.Body)).ShouldAllBe(t => t == "One answer for everyone.");
        answers.Count(a => Header(a.Response, "x-purser-cache") == "miss").ShouldBe(1);
        answers.Count(a => Header(a.Response, "x-purser-cache") == "hit").ShouldBe(Callers - 1);
        var rows = LedgerDb.Rows(h.Gateway.Home);
        rows.Count.ShouldBe(Callers);
        rows.Count(r => (long)r["cache_hit"]! == 1).ShouldBe(Callers - 1);
        rows.Where(r => (long)r["cache_hit"]! == 1).ShouldAllBe(r => (long)r["saved_pico"]! == 1_150_000_000L);
        rows.Sum(r => (long)r["cost_pico"]!).ShouldBe(1_150_000_000L); // paid once
        cache.InFlight.ShouldBe(0);
    }

    [Fact]
    public async Task LeaderFails_WaitingRequestsGoUpstreamThemselves()
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(new OpenAIUpstreamWire());
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var wire = new OpenAIUpstreamWire();
        int seen = 0;
        h.Upstream.Handler = async (http, request) =>
        {
            if (Interlocked.Increment(ref seen) == 1)
            {
                await gate.Task;
                http.Response.StatusCode = 500;
                await http.Response.WriteAsync(wire.ErrorBody(500, "the leader's upstream broke"));
                return;
            }

            await wire.AnswerAsync(http, request, h.Scenario);
        };
        ResponseCache cache = h.Gateway.Services.GetRequiredService<ResponseCache>();
        using HttpClient http = h.Gateway.CreateClient();

        Task<(HttpResponseMessage Response, string Body)>[] calls = [.. Enumerable.Range(0, 4).Select(_ => ChatAsync(http, OpenAIBody("Fragile question.")))];
        await WaitUntilAsync(() => h.Upstream.CallCount == 1 && cache.Waiting == 3, "the others wait for the first");
        gate.SetResult();
        (HttpResponseMessage Response, string Body)[] answers = await Task.WhenAll(calls);

        answers.Count(a => a.Response.StatusCode == HttpStatusCode.BadGateway).ShouldBe(1);
        answers.Count(a => a.Response.StatusCode == HttpStatusCode.OK).ShouldBe(3);
        h.Upstream.CallCount.ShouldBe(4);
    }

    [Fact]
    public async Task CoalescingOff_EveryConcurrentMissGoesUpstream()
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(new OpenAIUpstreamWire(), c => c["Purser:Cache:Coalesce"] = "false");
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Scenario.HoldBeforeAnswer = gate;
        using HttpClient http = h.Gateway.CreateClient();

        Task<(HttpResponseMessage Response, string Body)>[] calls = [.. Enumerable.Range(0, 3).Select(_ => ChatAsync(http, OpenAIBody("No sharing.")))];
        await WaitUntilAsync(() => h.Upstream.CallCount == 3, "all three are upstream");
        gate.SetResult();
        await Task.WhenAll(calls);

        h.Upstream.CallCount.ShouldBe(3);
    }
}
