using System.Net;
using System.Text.Json.Nodes;
using Purser.FunctionalTests.Infrastructure;
using static Purser.FunctionalTests.Caching.CacheCalls;

namespace Purser.FunctionalTests.Caching;

/// <summary>Bypass, refresh and no-store; sampling requests; failures and cut streams are never cached.</summary>
public sealed class CacheControlTests
{
    [Fact]
    public async Task CacheControlNoCache_GoesUpstreamAndRefreshesTheEntry()
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(new OpenAIUpstreamWire());
        using HttpClient http = h.Gateway.CreateClient();
        h.Scenario.Answer = new FakeAnswer("old answer");
        await ChatAsync(http, OpenAIBody("Refresh me."));
        h.Scenario.Answer = new FakeAnswer("new answer");

        var (refresh, refreshed) = await ChatAsync(http, OpenAIBody("Refresh me."), ("Cache-Control", "no-cache"));
        var (after, afterBody) = await ChatAsync(http, OpenAIBody("Refresh me."));

        Header(refresh, "x-purser-cache").ShouldBe("bypass");
        Header(refresh, "x-purser-cache-reason").ShouldBe("no-cache");
        Text(refreshed).ShouldBe("new answer");
        Header(after, "x-purser-cache").ShouldBe("hit");
        Text(afterBody).ShouldBe("new answer");
        h.Upstream.CallCount.ShouldBe(2);
        LedgerDb.Rows(h.Gateway.Home).Select(r => r["cache_status"]).ShouldBe(["miss", "bypass", "hit"]);
    }

    [Fact]
    public async Task XPurserCacheOff_NeitherReadsNorStores()
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(new OpenAIUpstreamWire());
        using HttpClient http = h.Gateway.CreateClient();
        await ChatAsync(http, OpenAIBody("Stored."));

        var (offHit, _) = await ChatAsync(http, OpenAIBody("Stored."), ("x-purser-cache", "off"));
        var (offNew, _) = await ChatAsync(http, OpenAIBody("Never stored."), ("x-purser-cache", "OFF"));
        var (later, _) = await ChatAsync(http, OpenAIBody("Never stored."));

        Header(offHit, "x-purser-cache").ShouldBe("bypass");
        Header(offHit, "x-purser-cache-reason").ShouldBe("off");
        Header(offNew, "x-purser-cache").ShouldBe("bypass");
        Header(later, "x-purser-cache").ShouldBe("miss");
        h.Upstream.CallCount.ShouldBe(4);
    }

    [Fact]
    public async Task CacheControlNoStore_ReadsButNeverWrites()
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(new OpenAIUpstreamWire());
        using HttpClient http = h.Gateway.CreateClient();

        var (first, _) = await ChatAsync(http, OpenAIBody("Keep nothing."), ("Cache-Control", "no-store"));
        var (second, _) = await ChatAsync(http, OpenAIBody("Keep nothing."));
        var (third, _) = await ChatAsync(http, OpenAIBody("Keep nothing."), ("Cache-Control", "private, no-store"));

        Header(first, "x-purser-cache").ShouldBe("miss");
        Header(second, "x-purser-cache").ShouldBe("miss"); // the first answer was not stored
        Header(third, "x-purser-cache").ShouldBe("hit"); // no-store may still read what others stored
        h.Upstream.CallCount.ShouldBe(2);
    }

    [Fact]
    public async Task SamplingRequest_IsNotCachedUnlessTheCallerOptsIn()
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(new OpenAIUpstreamWire());
        using HttpClient http = h.Gateway.CreateClient();
        string sampling = OpenAIBody("Write a haiku.", extra: ""","temperature":0.9""");

        var (a, _) = await ChatAsync(http, sampling);
        var (b, _) = await ChatAsync(http, sampling);
        await ChatAsync(http, sampling, ("x-purser-cache", "on"));
        var (optedIn, _) = await ChatAsync(http, sampling, ("x-purser-cache", "on"));

        Header(a, "x-purser-cache").ShouldBe("bypass");
        Header(b, "x-purser-cache-reason").ShouldBe("non-deterministic");
        Header(optedIn, "x-purser-cache").ShouldBe("hit");
        h.Upstream.CallCount.ShouldBe(3);
    }

    [Fact]
    public async Task SamplingRequest_CachedWhenConfigured()
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(new OpenAIUpstreamWire(), c => c["Purser:Cache:CacheNonDeterministic"] = "true");
        using HttpClient http = h.Gateway.CreateClient();
        string sampling = OpenAIBody("Write a haiku.", extra: ""","temperature":0.9""");

        await ChatAsync(http, sampling);
        var (again, _) = await ChatAsync(http, sampling);

        Header(again, "x-purser-cache").ShouldBe("hit");
    }

    [Fact]
    public async Task UnmodeledFields_AreNotCached()
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(new OpenAIUpstreamWire());
        using HttpClient http = h.Gateway.CreateClient();
        string withLogprobs = OpenAIBody("Name a colour.", extra: ""","logprobs":true""");

        await ChatAsync(http, withLogprobs);
        var (again, _) = await ChatAsync(http, withLogprobs);

        Header(again, "x-purser-cache-reason").ShouldBe("unmodeled-fields");
        h.Upstream.CallCount.ShouldBe(2);
    }

    [Fact]
    public async Task OperationWithTtlZero_IsNotCached()
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(new OpenAIUpstreamWire(), c => c["Purser:Cache:OperationTtls:chat"] = "0");
        using HttpClient http = h.Gateway.CreateClient();

        await ChatAsync(http, OpenAIBody("Name a colour."));
        var (again, _) = await ChatAsync(http, OpenAIBody("Name a colour."));
        var (review, _) = await ChatAsync(http, OpenAIBody("Name a colour."), ("x-purser-operation", "code_review"));
        var (reviewAgain, _) = await ChatAsync(http, OpenAIBody("Name a colour."), ("x-purser-operation", "code_review"));

        Header(again, "x-purser-cache-reason").ShouldBe("ttl-zero");
        Header(review, "x-purser-cache").ShouldBe("miss");
        Header(reviewAgain, "x-purser-cache").ShouldBe("hit");
    }

    [Fact]
    public async Task CacheDisabled_BypassesEverything()
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(new OpenAIUpstreamWire(), c => c["Purser:Cache:Enabled"] = "false");
        using HttpClient http = h.Gateway.CreateClient();

        await ChatAsync(http, OpenAIBody("Name a colour."));
        var (again, _) = await ChatAsync(http, OpenAIBody("Name a colour."));

        Header(again, "x-purser-cache").ShouldBe("bypass");
        Header(again, "x-purser-cache-reason").ShouldBe("disabled");
        h.Upstream.CallCount.ShouldBe(2);
    }

    [Theory]
    [InlineData("/v1/chat/completions", "x-purser-cache", "maybe")]
    [InlineData("/v1/messages", "x-purser-cache", "sometimes")]
    [InlineData("/v1/chat/completions", "x-purser-cache-ttl", "a while")]
    public async Task BadCacheHeader_IsA400InTheProtocolsFormat(string path, string header, string value)
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(new OpenAIUpstreamWire());
        using HttpClient http = h.Gateway.CreateClient();
        string body = path == "/v1/messages" ? AnthropicBody("hi") : OpenAIBody("hi");

        var (response, error) = await PostAsync(http, path, body, (header, value));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        JsonNode json = JsonNode.Parse(error)!;
        if (path == "/v1/messages")
        {
            json["type"]!.GetValue<string>().ShouldBe("error");
            json["error"]!["message"]!.GetValue<string>().ShouldContain(header);
        }
        else
        {
            json["error"]!["param"]!.GetValue<string>().ShouldBe(header);
        }

        h.Upstream.CallCount.ShouldBe(0);
    }

    [Fact]
    public async Task FailedAnswer_IsNotCached()
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(new OpenAIUpstreamWire());
        using HttpClient http = h.Gateway.CreateClient();
        h.Scenario.ErrorStatus = 500;
        (await ChatAsync(http, OpenAIBody("Fail first."))).Response.StatusCode.ShouldBe(HttpStatusCode.BadGateway);
        h.Scenario.ErrorStatus = null;

        var (ok, _) = await ChatAsync(http, OpenAIBody("Fail first."));
        var (hit, _) = await ChatAsync(http, OpenAIBody("Fail first."));

        Header(ok, "x-purser-cache").ShouldBe("miss");
        Header(hit, "x-purser-cache").ShouldBe("hit");
        h.Upstream.CallCount.ShouldBe(2);
    }

    [Theory]
    [InlineData("openai")]
    [InlineData("anthropic")]
    public async Task CutStream_IsNotCached(string wire)
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(Wires.Create(wire));
        h.Scenario.Answer = new FakeAnswer("A stream that will be cut before its end.");
        using HttpClient http = h.Gateway.CreateClient();
        h.Scenario.CutStreamAfterEvents = 2;
        await ChatAsync(http, OpenAIBody("Cut me.", stream: true));
        h.Scenario.CutStreamAfterEvents = null;

        var (again, body) = await ChatAsync(http, OpenAIBody("Cut me.", stream: true));

        Header(again, "x-purser-cache").ShouldBe("miss");
        Text(body).ShouldBe("A stream that will be cut before its end.");
        h.Upstream.CallCount.ShouldBe(2);
    }
}
