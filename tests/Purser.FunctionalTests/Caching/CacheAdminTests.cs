using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Purser.Cli;
using Purser.Cli.Hosting;
using Purser.FunctionalTests.Infrastructure;
using Spectre.Console;
using static Purser.FunctionalTests.Caching.CacheCalls;

namespace Purser.FunctionalTests.Caching;

/// <summary>GET /api/cache/stats, POST /api/cache/clear and the CLI against a running gateway.</summary>
public sealed class CacheAdminTests
{
    [Fact]
    public async Task Stats_ReportHitsMissesEntriesAndSavingsByOperation()
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(new OpenAIUpstreamWire(), Prices);
        using HttpClient http = h.Gateway.CreateAdminClient();
        (string, string) debug = ("x-purser-operation", "debug");
        await ChatAsync(http, OpenAIBody("Why does it crash?"), debug);
        await ChatAsync(http, OpenAIBody("Why does it crash?"), debug);
        await ChatAsync(http, OpenAIBody("Why does it crash?"), debug);
        await ChatAsync(http, OpenAIBody("Hello."));
        await ChatAsync(http, OpenAIBody("Hello."), ("Cache-Control", "no-cache"));

        JsonNode stats = JsonNode.Parse(await http.GetStringAsync("/api/cache/stats?period=24h"))!;

        JsonNode debugRow = stats["operations"]!.AsArray().Single(o => o!["operation"]!.GetValue<string>() == "debug")!;
        debugRow["hits"]!.GetValue<long>().ShouldBe(2);
        debugRow["misses"]!.GetValue<long>().ShouldBe(1);
        debugRow["hit_rate"]!.GetValue<double>().ShouldBe(2 / 3.0, 1e-9);
        debugRow["entries"]!.GetValue<long>().ShouldBe(1);
        debugRow["bytes"]!.GetValue<long>().ShouldBeGreaterThan(0);
        debugRow["tokens_saved"]!.GetValue<long>().ShouldBe(2 * AnswerTokens);
        debugRow["saved_usd"]!.GetValue<decimal>().ShouldBe(2 * AnswerCost);
        JsonNode chat = stats["operations"]!.AsArray().Single(o => o!["operation"]!.GetValue<string>() == "chat")!;
        chat["misses"]!.GetValue<long>().ShouldBe(1);
        chat["bypassed"]!.GetValue<long>().ShouldBe(1);
        stats["totals"]!["hits"]!.GetValue<long>().ShouldBe(2);
        stats["totals"]!["entries"]!.GetValue<long>().ShouldBe(2);
        stats["period"]!.GetValue<string>().ShouldBe("24h");
        stats["memory"]!["entries"]!.GetValue<long>().ShouldBe(2);

        // The cost report carries the same savings.
        JsonNode costs = JsonNode.Parse(await http.GetStringAsync("/api/costs?period=24h"))!;
        costs["periods"]!["24h"]!["saved_usd"]!.GetValue<decimal>().ShouldBe(2 * AnswerCost);
        costs["periods"]!["24h"]!["cache_saved_tokens"]!.GetValue<long>().ShouldBe(2 * AnswerTokens);
        costs["periods"]!["24h"]!["cache_hits"]!.GetValue<long>().ShouldBe(2);
    }

    [Fact]
    public async Task Clear_ByOperation_RemovesOnlyThoseEntries()
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(new OpenAIUpstreamWire());
        using HttpClient http = h.Gateway.CreateAdminClient();
        await ChatAsync(http, OpenAIBody("Review me."), ("x-purser-operation", "code_review"));
        await ChatAsync(http, OpenAIBody("Debug me."), ("x-purser-operation", "debug"));

        using HttpResponseMessage cleared = await http.PostAsync("/api/cache/clear", new StringContent("""{"operation":"debug"}""", Encoding.UTF8, "application/json"));
        JsonNode result = JsonNode.Parse(await cleared.Content.ReadAsStringAsync())!;
        var (review, _) = await ChatAsync(http, OpenAIBody("Review me."), ("x-purser-operation", "code_review"));
        var (debug, _) = await ChatAsync(http, OpenAIBody("Debug me."), ("x-purser-operation", "debug"));

        cleared.StatusCode.ShouldBe(HttpStatusCode.OK);
        result["removed"]!.GetValue<int>().ShouldBe(1);
        Header(review, "x-purser-cache").ShouldBe("hit");
        Header(debug, "x-purser-cache").ShouldBe("miss");
    }

    [Fact]
    public async Task Clear_OlderThanAndEverything()
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(new OpenAIUpstreamWire());
        using HttpClient http = h.Gateway.CreateAdminClient();
        await ChatAsync(http, OpenAIBody("One."));
        await ChatAsync(http, OpenAIBody("Two."));

        using HttpResponseMessage none = await http.PostAsync("/api/cache/clear?older_than=1h", null);
        using HttpResponseMessage all = await http.PostAsync("/api/cache/clear", null);

        JsonNode.Parse(await none.Content.ReadAsStringAsync())!["removed"]!.GetValue<int>().ShouldBe(0);
        JsonNode.Parse(await all.Content.ReadAsStringAsync())!["removed"]!.GetValue<int>().ShouldBe(2);
        Header((await ChatAsync(http, OpenAIBody("One."))).Response, "x-purser-cache").ShouldBe("miss");
    }

    [Theory]
    [InlineData("/api/cache/clear", """{"older_than":"a fortnight"}""")]
    [InlineData("/api/cache/clear", """{"operation":3}""")]
    [InlineData("/api/cache/clear", """{"colour":"red"}""")]
    [InlineData("/api/cache/clear", """[1,2]""")]
    [InlineData("/api/cache/clear", """{not json""")]
    public async Task Clear_BadBody_Is400WithAMessage(string path, string body)
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(new OpenAIUpstreamWire());
        using HttpClient http = h.Gateway.CreateAdminClient();

        using HttpResponseMessage response = await http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["message"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task Stats_BadPeriod_Is400()
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(new OpenAIUpstreamWire());
        using HttpClient http = h.Gateway.CreateAdminClient();

        (await http.GetAsync("/api/cache/stats?period=fortnight")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task AdminCacheEndpoints_NeedTheMasterKey()
    {
        string master = "test-master-" + Guid.NewGuid().ToString("N");
        await using GatewayHarness h = await GatewayHarness.StartAsync(new OpenAIUpstreamWire(), c => c["Purser:Auth:MasterKey"] = master);
        using HttpClient http = h.Gateway.CreateClient();

        (await http.GetAsync("/api/cache/stats")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await http.PostAsync("/api/cache/clear", null)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", master);
        (await http.GetAsync("/api/cache/stats")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Cli_WithServer_ShowsStatsAndClearsTheRunningGatewaysCache()
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(new OpenAIUpstreamWire(), Prices);
        using HttpClient http = h.Gateway.CreateClient();
        await ChatAsync(http, OpenAIBody("CLI question."), ("x-purser-operation", "debug"));
        await ChatAsync(http, OpenAIBody("CLI question."), ("x-purser-operation", "debug"));

        var (statsCode, stats) = await CliAsync("cache", "stats", "--server", h.Url);
        var (jsonCode, json) = await CliAsync("cache", "stats", "--server", h.Url, "--json");
        var (clearCode, clear) = await CliAsync("cache", "clear", "--operation", "debug", "--server", h.Url);
        var (after, _) = await ChatAsync(http, OpenAIBody("CLI question."), ("x-purser-operation", "debug"));

        statsCode.ShouldBe(0, stats);
        stats.ShouldContain("debug");
        stats.ShouldContain("50.0 %");
        stats.ShouldContain("Gateway memory: 1 entries");
        jsonCode.ShouldBe(0, json);
        JsonNode.Parse(json)!["totals"]!["saved_usd"]!.GetValue<decimal>().ShouldBe(AnswerCost);
        clearCode.ShouldBe(0, clear);
        clear.ShouldContain("Removed 1 cached answer(s) of operation debug");
        Header(after, "x-purser-cache").ShouldBe("miss"); // the running gateway forgot it too
    }

    private static async Task<(int Code, string Output)> CliAsync(params string[] args)
    {
        var writer = new StringWriter();
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = 200;
        var environment = new CliEnvironment { Variables = name => name == "PURSER_MASTER_KEY" ? GatewayServer.TestMasterKey : null, ReadEnvironmentConfiguration = false };
        int code = await Program.Run(args, console, environment);
        return (code, writer.ToString());
    }
}
