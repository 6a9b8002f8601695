using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Purser.FunctionalTests.Infrastructure;

namespace Purser.FunctionalTests.Money;

/// <summary>
/// Calls with known usage go through the gateway; the ledger's costs must equal the costs computed by hand from
/// the configured prices, for every upstream kind, streamed and not.
/// </summary>
public sealed class LedgerTests
{
    // $5 / 1M input, $2.50 / 1M cached input, $15 / 1M output (reasoning at the output price).
    private static void Prices(Dictionary<string, string?> c)
    {
        c["Purser:Pricing:up/fake-model:Input"] = "5";
        c["Purser:Pricing:up/fake-model:Output"] = "15";
        c["Purser:Pricing:up/fake-model:CachedInput"] = "2.5";
    }

    private static void NoCache(Dictionary<string, string?> c) => c["Purser:Cache:Enabled"] = "false";

    // 120 input of which 20 cached, 40 output of which 10 reasoning:
    //   100 × $5/1M = $0.0005; 20 × $2.50/1M = $0.00005; 40 × $15/1M = $0.0006  → $0.00115
    private const decimal Expected = 0.00115m;

    [Theory]
    [InlineData("openai", false, "openai")]
    [InlineData("openai", true, "openai")]
    [InlineData("anthropic", false, "openai")]
    [InlineData("anthropic", true, "anthropic")]
    [InlineData("gemini", false, "anthropic")]
    [InlineData("gemini", true, "openai")]
    public async Task EveryCall_IsOneLedgerRowPricedFromItsUsage(string wire, bool stream, string inbound)
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(Wires.Create(wire), Prices);
        using HttpClient http = h.Gateway.CreateClient();

        using HttpResponseMessage response = await PostAsync(http, inbound, stream);
        string body = await response.Content.ReadAsStringAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        string requestId = response.Headers.GetValues("x-purser-request-id").Single();
        var row = LedgerDb.Rows(h.Gateway.Home).ShouldHaveSingleItem(); // strict durability: committed before the answer ended
        row["request_id"].ShouldBe(requestId);
        row["input_tokens"].ShouldBe(120L);
        row["cached_tokens"].ShouldBe(20L);
        row["output_tokens"].ShouldBe(40L);
        row["reasoning_tokens"].ShouldBe(wire == "anthropic" ? 0L : 10L);
        row["outcome"].ShouldBe("ok");
        row["cost_estimated"].ShouldBe(0L);
        LedgerDb.Cost(row).ShouldBe(Expected);
        string cost = stream
            ? Sse.Comments(body).Single(c => c.StartsWith("x-purser-cost-usd=", StringComparison.Ordinal)).Split(' ')[0]["x-purser-cost-usd=".Length..]
            : response.Headers.GetValues("x-purser-cost-usd").Single();
        decimal.Parse(cost, System.Globalization.CultureInfo.InvariantCulture).ShouldBe(Expected);
        var attempt = LedgerDb.Rows(h.Gateway.Home, "SELECT * FROM ledger_attempts").ShouldHaveSingleItem();
        LedgerDb.Cost(attempt).ShouldBe(Expected);
    }

    [Theory]
    [InlineData(false, "anthropic")]
    [InlineData(true, "anthropic")]
    [InlineData(false, "openai")]
    [InlineData(true, "openai")]
    public async Task AnthropicCacheWriteAndRead_ArePricedEachAtItsOwnRate(bool stream, string inbound)
    {
        // Catalog prices of anthropic/claude-sonnet-4-5 (no override): $3 input, $0.30 cache read, $3.75 cache write, $15 output.
        await using GatewayHarness h = await GatewayHarness.StartAsync(new AnthropicUpstreamWire(), c =>
        {
            NoCache(c);
            c["Purser:Providers:up:Models:0"] = "claude-sonnet-4-5";
        });
        h.Scenario.Answer = new FakeAnswer("cached") { InputTokens = 10_000, CachedTokens = 6_000, CacheWriteTokens = 3_000, OutputTokens = 500, ReasoningTokens = 0 };
        using HttpClient http = h.Gateway.CreateClient();
        string s = stream ? "true" : "false";

        using HttpResponseMessage response = inbound == "openai"
            ? await http.PostAsync("/v1/chat/completions", new StringContent($$"""{"model":"claude-sonnet-4-5","stream":{{s}},"messages":[{"role":"user","content":"x"}]}""", Encoding.UTF8, "application/json"))
            : await http.PostAsync("/v1/messages", new StringContent($$"""{"model":"claude-sonnet-4-5","max_tokens":100,"stream":{{s}},"messages":[{"role":"user","content":"x"}]}""", Encoding.UTF8, "application/json"));
        string body = await response.Content.ReadAsStringAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        var row = LedgerDb.Rows(h.Gateway.Home).ShouldHaveSingleItem();
        row["input_tokens"].ShouldBe(10_000L);
        row["cached_tokens"].ShouldBe(6_000L);
        row["cache_write_tokens"].ShouldBe(3_000L);
        row["output_tokens"].ShouldBe(500L);
        // By hand: 1,000 × $3 + 6,000 × $0.30 + 3,000 × $3.75 + 500 × $15, per million = $0.003 + $0.0018 + $0.01125 + $0.0075 = $0.02355.
        decimal expected = (1_000m * 3m + 6_000m * 0.30m + 3_000m * 3.75m + 500m * 15m) / 1_000_000m;
        expected.ShouldBe(0.02355m);
        LedgerDb.Cost(row).ShouldBe(expected);
    }

    [Theory]
    [InlineData("openai")]
    [InlineData("anthropic")]
    [InlineData("gemini")]
    public async Task StreamWithoutUsage_IsCountedLocallyAndMarkedEstimated(string wire)
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(Wires.Create(wire), Prices);
        h.Scenario.Answer = new FakeAnswer("An answer whose usage the upstream never reports.") { OmitUsage = true };
        using HttpClient http = h.Gateway.CreateClient();

        using HttpResponseMessage response = await PostAsync(http, "openai", stream: true);
        await response.Content.ReadAsStringAsync();

        var row = LedgerDb.Rows(h.Gateway.Home).ShouldHaveSingleItem();
        row["cost_estimated"].ShouldBe(1L);
        ((long)row["input_tokens"]!).ShouldBeGreaterThan(0);
        ((long)row["output_tokens"]!).ShouldBeGreaterThan(0);
        decimal expected = ((long)row["input_tokens"]! * 5m + (long)row["output_tokens"]! * 15m) / 1_000_000m;
        LedgerDb.Cost(row).ShouldBe(expected);
    }

    [Fact]
    public async Task AttributionHeadersUserAndMetadata_LandInTheLedger()
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(new OpenAIUpstreamWire(), Prices);
        using HttpClient http = h.Gateway.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent("""{"model":"fake-model","user":"user-42","metadata":{"ticket":"T-9"},"messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("x-purser-project", "billing");
        request.Headers.Add("x-purser-agent", "reviewer");
        request.Headers.Add("x-purser-operation", "code_review");
        request.Headers.Add("x-purser-repository", "purser");
        request.Headers.Add("x-purser-tags", "ci, nightly");

        using HttpResponseMessage response = await http.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var row = LedgerDb.Rows(h.Gateway.Home).ShouldHaveSingleItem();
        row["project"].ShouldBe("billing");
        row["agent"].ShouldBe("reviewer");
        row["operation"].ShouldBe("code_review");
        row["repository"].ShouldBe("purser");
        row["user_name"].ShouldBe("user-42");
        row["tags"].ShouldBe("ci,nightly");
        LedgerDb.Rows(h.Gateway.Home, "SELECT tag FROM ledger_tags ORDER BY tag").Select(r => r["tag"]).ShouldBe(["ci", "nightly"]);
    }

    [Fact]
    public async Task FailuresRefusalsAndUnknownPrices_AreRecordedToo()
    {
        // The same request is sent again to meet a failing upstream: the cache would answer it.
        await using GatewayHarness h = await GatewayHarness.StartAsync(new OpenAIUpstreamWire(), NoCache);
        using HttpClient http = h.Gateway.CreateClient();

        using (HttpResponseMessage ok = await PostAsync(http, "openai", stream: false))
        {
            ok.Headers.GetValues("x-purser-cost-usd").Single().ShouldBe("unknown"); // no price configured for up/fake-model
        }

        h.Scenario.ErrorStatus = 500;
        (await PostAsync(http, "openai", stream: false)).StatusCode.ShouldBe(HttpStatusCode.BadGateway);
        (await http.PostAsync("/v1/chat/completions", new StringContent("""{"model":"nowhere/x","messages":[{"role":"user","content":"x"}]}""", Encoding.UTF8, "application/json"))).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var rows = LedgerDb.Rows(h.Gateway.Home);
        rows.Count.ShouldBe(3);
        rows[0]["outcome"].ShouldBe("ok");
        rows[0]["cost_pico"].ShouldBeNull(); // unknown, never a silent $0
        rows[1]["outcome"].ShouldBe("upstream_http");
        rows[1]["status"].ShouldBe(502L);
        rows[1]["attempts"].ShouldBe(1L);
        rows[2]["outcome"].ShouldBe("no_provider");
        rows[2]["attempts"].ShouldBe(0L);
        LedgerDb.Cost(rows[2]).ShouldBe(0m);
    }

    [Fact]
    public async Task ApiCosts_MatchSumsTakenStraightFromTheDatabase()
    {
        // Identical requests meet different upstream answers: every one must reach the upstream, so no cache.
        await using GatewayHarness h = await GatewayHarness.StartAsync(new OpenAIUpstreamWire(), c =>
        {
            Prices(c);
            NoCache(c);
        });
        using HttpClient http = h.Gateway.CreateAdminClient();
        for (int i = 0; i < 5; i++)
        {
            h.Scenario.Answer = new FakeAnswer("answer " + i) { InputTokens = 1000 + (i * 7), CachedTokens = i * 3, OutputTokens = 500 + i, ReasoningTokens = i };
            using HttpResponseMessage r = await PostAsync(http, i % 2 == 0 ? "openai" : "anthropic", stream: i % 3 == 0);
            await r.Content.ReadAsStringAsync();
        }

        JsonObject report = JsonNode.Parse(await http.GetStringAsync("/api/costs?period=24h&by=model&recent=3"))!.AsObject();

        long pico = (long)LedgerDb.Scalar(h.Gateway.Home, "SELECT SUM(cost_pico) FROM ledger")!;
        long input = (long)LedgerDb.Scalar(h.Gateway.Home, "SELECT SUM(input_tokens) FROM ledger")!;
        decimal cost = pico / 1_000_000_000_000m;
        JsonNode totals = report["periods"]!["24h"]!;
        totals["calls"]!.GetValue<long>().ShouldBe(5);
        totals["input_tokens"]!.GetValue<long>().ShouldBe(input);
        totals["cost_usd"]!.GetValue<decimal>().ShouldBe(cost);
        report["report"]!["groups"]![0]!["key"]!.GetValue<string>().ShouldBe("up/fake-model");
        report["report"]!["groups"]![0]!["totals"]!["cost_usd"]!.GetValue<decimal>().ShouldBe(cost);
        report["report"]!["recent"]!.AsArray().Count.ShouldBe(3);
        // Each call by hand: (in - cached) × 5 + cached × 2.5 + out × 15, per million.
        decimal byHand = Enumerable.Range(0, 5).Sum(i => ((1000 + (i * 7) - (i * 3)) * 5m + (i * 3) * 2.5m + (500 + i) * 15m) / 1_000_000m);
        cost.ShouldBe(byHand);
    }

    [Fact]
    public async Task FastDurability_CleanShutdownWritesEveryAcknowledgedRow()
    {
        GatewayHarness h = await GatewayHarness.StartAsync(new OpenAIUpstreamWire(), c =>
        {
            Prices(c);
            c["Purser:Ledger:Durability"] = "fast";
            c["Purser:Cache:Enabled"] = "false";
        });
        string home = h.Gateway.Home;
        var ids = new List<string>();
        using (HttpClient http = h.Gateway.CreateClient())
        {
            for (int i = 0; i < 40; i++)
            {
                using HttpResponseMessage r = await PostAsync(http, "openai", stream: false);
                ids.Add(r.Headers.GetValues("x-purser-request-id").Single());
            }
        }

        await h.Gateway.StopWithoutCleanupAsync();
        var recorded = LedgerDb.Rows(home, "SELECT request_id FROM ledger").Select(r => (string)r["request_id"]!).ToHashSet();
        await h.DisposeAsync();

        ids.ShouldAllBe(id => recorded.Contains(id));
    }

    [Fact]
    public async Task ApiCosts_RejectsBadParametersWith400()
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(new OpenAIUpstreamWire());
        using HttpClient http = h.Gateway.CreateAdminClient();

        (await http.GetAsync("/api/costs?period=fortnight")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await http.GetAsync("/api/costs?by=color")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await http.GetAsync("/api/costs?recent=-1")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("/v1/chat/completions", """{"model":"fake-model","messages":[{"role":"wizard","content":"x"}]}""")]
    [InlineData("/v1/messages", """{"model":"fake-model","messages":[{"role":"user","content":"no max_tokens"}]}""")]
    [InlineData("/v1/chat/completions", "{not json")]
    public async Task InvalidRequest_StillCarriesEveryPurserHeader(string path, string body)
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(new OpenAIUpstreamWire(), Prices);
        using HttpClient http = h.Gateway.CreateClient();

        using HttpResponseMessage response = await http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Headers.GetValues("x-purser-request-id").Single().ShouldStartWith("req_");
        response.Headers.GetValues("x-purser-provider").Single().ShouldBe("none");
        response.Headers.GetValues("x-purser-model").Single().ShouldBe("none");
        response.Headers.GetValues("x-purser-cost-usd").Single().ShouldBe("0");
        response.Headers.GetValues("x-purser-cache").Single().ShouldBe("bypass");
        response.Headers.GetValues("x-purser-route").Single().ShouldBe("none");
        h.Upstream.CallCount.ShouldBe(0);
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient http, string inbound, bool stream)
    {
        string s = stream ? "true" : "false";
        return inbound == "openai"
            ? http.PostAsync("/v1/chat/completions", new StringContent($$"""{"model":"fake-model","stream":{{s}},"messages":[{"role":"user","content":"price me"}]}""", Encoding.UTF8, "application/json"))
            : http.PostAsync("/v1/messages", new StringContent($$"""{"model":"fake-model","max_tokens":100,"stream":{{s}},"messages":[{"role":"user","content":"price me"}]}""", Encoding.UTF8, "application/json"));
    }
}
