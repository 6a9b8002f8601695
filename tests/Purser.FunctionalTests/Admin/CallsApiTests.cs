using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Purser.FunctionalTests.Infrastructure;
using static Purser.FunctionalTests.Caching.CacheCalls;

namespace Purser.FunctionalTests.Admin;

/// <summary>
/// GET /api/calls (filters, cursor paging), GET /api/calls/{id} (every attempt), GET /api/costs/series and the prompt
/// file endpoints, against one gateway that recorded an answered call, a refused one and one that needed a retry.
/// </summary>
public sealed class CallsApiTests(CallsApiTests.Fixture fixture) : IClassFixture<CallsApiTests.Fixture>
{
    [Fact]
    public async Task Calls_NewestFirst_WithTheirOutcomeCostAndRoute()
    {
        JsonNode page = await GetAsync("/api/calls");

        JsonArray calls = page["calls"]!.AsArray();
        calls.Select(c => c!["request_id"]!.GetValue<string>()).ShouldBe([fixture.Retried, fixture.Refused, fixture.Answered]);
        JsonNode answered = calls[2]!;
        answered["outcome"]!.GetValue<string>().ShouldBe("ok");
        answered["project"]!.GetValue<string>().ShouldBe("alpha");
        answered["deployment"]!.GetValue<string>().ShouldBe("up/fake-model");
        answered["cost_usd"]!.GetValue<decimal>().ShouldBe(AnswerCost);
        answered["route"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
        calls[1]!["outcome"]!.GetValue<string>().ShouldBe("upstream_http");
        calls[1]!["status"]!.GetValue<int>().ShouldBe(400);
        page["latest_id"]!.GetValue<long>().ShouldBeGreaterThan(0);
        page["next"].ShouldBeNull();
    }

    [Theory]
    [InlineData("project=alpha", "answered")]
    [InlineData("status=error", "refused")]
    [InlineData("status=upstream_http", "refused")]
    [InlineData("status=timeout", "")]
    [InlineData("status=ok&project=gamma", "retried")]
    [InlineData("model=up/fake-model&cache=miss", "retried,refused,answered")]
    [InlineData("model=fake-model&project=beta", "refused")]
    [InlineData("cache=hit", "")]
    [InlineData("provider=up&status=ok", "retried,answered")]
    [InlineData("provider=elsewhere", "")]
    [InlineData("since=1h", "retried,refused,answered")]
    [InlineData("until=2000-01-01T00:00:00Z", "")]
    public async Task Calls_Filtered_ReturnOnlyTheMatchingCalls(string query, string expected)
    {
        JsonNode page = await GetAsync("/api/calls?" + query);

        page["calls"]!.AsArray().Select(c => fixture.Name(c!["request_id"]!.GetValue<string>())).ShouldBe(expected.Split(',', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Calls_PagedByCursor_EachCallOnce()
    {
        JsonNode first = await GetAsync("/api/calls?limit=2");
        JsonNode second = await GetAsync("/api/calls?limit=2&after=" + Uri.EscapeDataString(first["next"]!.GetValue<string>()));

        first["calls"]!.AsArray().Select(c => fixture.Name(c!["request_id"]!.GetValue<string>())).ShouldBe(["retried", "refused"]);
        second["calls"]!.AsArray().Select(c => fixture.Name(c!["request_id"]!.GetValue<string>())).ShouldBe(["answered"]);
        second["next"].ShouldBeNull();
    }

    [Theory]
    [InlineData("status=broken", "'status' must be one of")]
    [InlineData("cache=maybe", "'cache' must be one of")]
    [InlineData("since=yesterday", "'since' must be an ISO 8601 time")]
    [InlineData("limit=0", "'limit' must be a number from 1 to 500")]
    [InlineData("after=garbage", "'after' must be the 'next' cursor")]
    public async Task Calls_BadQuery_Is400NamingTheParameter(string query, string message)
    {
        using HttpClient http = fixture.Harness.Gateway.CreateAdminClient();
        HttpResponseMessage response = await http.GetAsync("/api/calls?" + query);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["message"]!.GetValue<string>().ShouldContain(message);
    }

    [Fact]
    public async Task Call_Detail_ListsEveryAttemptWithItsOutcomeTokensAndCost()
    {
        JsonNode call = await GetAsync("/api/calls/" + fixture.Retried);

        JsonArray attempts = call["attempt_details"]!.AsArray();
        attempts.Count.ShouldBe(2);
        attempts[0]!["outcome"]!.GetValue<string>().ShouldBe("upstream_http");
        attempts[0]!["upstream_status"]!.GetValue<int>().ShouldBe(503);
        attempts[1]!["outcome"]!.GetValue<string>().ShouldBe("ok");
        attempts[1]!["input_tokens"]!.GetValue<long>().ShouldBe(120);
        attempts[1]!["output_tokens"]!.GetValue<long>().ShouldBe(40);
        attempts[1]!["cost_usd"]!.GetValue<decimal>().ShouldBe(AnswerCost);
        call["attempts"]!.GetValue<int>().ShouldBe(2);
        call["cache_outcome"]!.GetValue<string>().ShouldBe("miss");
        call["route_reason"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task Call_Detail_UnknownId_Is404()
    {
        using HttpClient http = fixture.Harness.Gateway.CreateAdminClient();
        HttpResponseMessage response = await http.GetAsync("/api/calls/req_nothing");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Call_Detail_RecordsWhatTheSecretGuardDid()
    {
        // A gateway of its own: this call must not show in the shared gateway's lists.
        await using GatewayHarness h = await GatewayHarness.StartAsync(new OpenAIUpstreamWire());
        using HttpClient http = h.Gateway.CreateAdminClient();
        (HttpResponseMessage response, _) = await ChatAsync(http, OpenAIBody("my key is sk-proj-Abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH please"));
        string id = Header(response, "x-purser-request-id");

        JsonNode call = JsonNode.Parse(await http.GetStringAsync("/api/calls/" + id))!;

        call["guard"]!.GetValue<string>().ShouldBe(Header(response, "x-purser-guard"));
        call["guard"]!.GetValue<string>().ShouldContain("openai_api_key");
        call["guard"]!.GetValue<string>().ShouldNotContain("Abcdefghijklmnop");
    }

    [Fact]
    public async Task Series_ByModel_SumsToTheCostReport()
    {
        JsonNode series = await GetAsync("/api/costs/series?period=24h&by=model");
        JsonNode costs = await GetAsync("/api/costs?period=24h&by=model");

        series["bucket"]!.GetValue<string>().ShouldBe("hour");
        decimal fromSeries = series["points"]!.AsArray().Where(p => p!["key"]!.GetValue<string>() == "up/fake-model").Sum(p => p!["totals"]!["cost_usd"]!.GetValue<decimal>());
        decimal fromReport = costs["report"]!["groups"]!.AsArray().Single(g => g!["key"]!.GetValue<string>() == "up/fake-model")!["totals"]!["cost_usd"]!.GetValue<decimal>();
        fromSeries.ShouldBe(fromReport);
        fromSeries.ShouldBeGreaterThanOrEqualTo(2 * AnswerCost);
        (await GetAsync("/api/costs/series?period=30d"))["bucket"]!.GetValue<string>().ShouldBe("day");
    }

    [Theory]
    [InlineData("period=year")]
    [InlineData("by=day")]
    [InlineData("bucket=week")]
    public async Task Series_BadQuery_Is400(string query)
    {
        using HttpClient http = fixture.Harness.Gateway.CreateAdminClient();
        (await http.GetAsync("/api/costs/series?" + query)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task PromptFile_Invalid_Is400AndNotWritten_ValidIsInEffectAtOnce()
    {
        using HttpClient http = fixture.Harness.Gateway.CreateAdminClient();
        string file = Path.Combine(fixture.Harness.Gateway.Home, "prompts.json");

        HttpResponseMessage bad = await http.PutAsync("/api/prompts/file", new StringContent("""{"prompts":{"code_review":{"temprature":0.3}}}""", Encoding.UTF8, "application/json"));

        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        JsonNode.Parse(await bad.Content.ReadAsStringAsync())!["error"]!["message"]!.GetValue<string>().ShouldContain("temprature");
        File.Exists(file).ShouldBeFalse();

        HttpResponseMessage good = await http.PutAsync("/api/prompts/file", new StringContent("""{"prompts":{"code_review":{"maxTokens":1234}}}""", Encoding.UTF8, "application/json"));

        good.StatusCode.ShouldBe(HttpStatusCode.OK);
        File.ReadAllText(file).ShouldContain("1234");
        JsonNode prompt = await GetAsync("/api/prompts/code_review");
        prompt["max_tokens"]!.GetValue<int>().ShouldBe(1234);
        prompt["source"]!.GetValue<string>().ShouldBe("overridden");
        (await GetAsync("/api/prompts/file"))["content"]!.GetValue<string>().ShouldContain("1234");
        (await GetAsync("/api/prompts"))["user_file_in_effect"]!.GetValue<bool>().ShouldBeTrue();
    }

    private async Task<JsonNode> GetAsync(string path)
    {
        using HttpClient http = fixture.Harness.Gateway.CreateAdminClient();
        HttpResponseMessage response = await http.GetAsync(path);
        string body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        return JsonNode.Parse(body)!;
    }

    /// <summary>One gateway and three recorded calls: answered (alpha), refused by the upstream (beta), answered on a retry (gamma).</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);

        public GatewayHarness Harness { get; private set; } = null!;

        public string Answered { get; private set; } = "";

        public string Refused { get; private set; } = "";

        public string Retried { get; private set; } = "";

        public string Name(string requestId) => _names.TryGetValue(requestId, out string? name) ? name : requestId;

        public async Task InitializeAsync()
        {
            Harness = await GatewayHarness.StartAsync(new OpenAIUpstreamWire(), c =>
            {
                Prices(c);
                c["Purser:Resilience:Retry:MaxAttempts"] = "2";
                c["Purser:Resilience:Retry:BaseDelayMs"] = "10";
                c["Purser:Resilience:Retry:Jitter"] = "false";
            });
            using HttpClient http = Harness.Gateway.CreateAdminClient();
            Answered = await CallAsync(http, "alpha", "answered", "What is 2+2?");
            Harness.Scenario.ErrorStatus = 400;
            Refused = await CallAsync(http, "beta", "refused", "Refuse me.");
            Harness.Scenario.ErrorStatus = null;
            int seen = 0;
            Func<HttpContext, ReceivedRequest, Task> answer = Harness.Upstream.Handler;
            Harness.Upstream.Handler = (context, request) =>
            {
                if (Interlocked.Increment(ref seen) == 1)
                {
                    context.Response.StatusCode = 503;
                    return context.Response.WriteAsync("""{"error":{"message":"overloaded","type":"server_error"}}""");
                }

                return answer(context, request);
            };
            Retried = await CallAsync(http, "gamma", "retried", "Try me twice.");
            Harness.Upstream.Handler = answer;
        }

        private async Task<string> CallAsync(HttpClient http, string project, string name, string question)
        {
            // Made one after another: newest first is the reverse order (ties in time are broken by ledger id).
            (HttpResponseMessage response, _) = await ChatAsync(http, OpenAIBody(question), ("x-purser-project", project));
            string id = Header(response, "x-purser-request-id");
            _names[id] = name;
            return id;
        }

        public async Task DisposeAsync() => await Harness.DisposeAsync();
    }
}
