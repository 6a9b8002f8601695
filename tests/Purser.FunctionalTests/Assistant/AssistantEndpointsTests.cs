using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Purser.FunctionalTests.Infrastructure;

namespace Purser.FunctionalTests.Assistant;

/// <summary>POST /api/review, /api/debug and /api/architecture on the real gateway, answered by a fake OpenAI upstream.</summary>
public sealed class AssistantEndpointsTests
{
    private const string Review = """{"summary": "Runs a shell.", "verdict": "request_changes", "findings": [{"file": "app.py", "line": 2, "severity": "error", "category": "security", "title": "Shell injection", "message": "input reaches os.system.", "suggestion": "Use subprocess with a list."}]}""";

    private static void Prices(Dictionary<string, string?> c)
    {
        c["Purser:Pricing:up/fake-model:Input"] = "5";
        c["Purser:Pricing:up/fake-model:Output"] = "15";
        c["Purser:Pricing:up/fake-model:CachedInput"] = "2.5";
    }

    [Fact]
    public async Task Review_AnswersWithContentResultCachedUsageModelElapsedAndCost()
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(new OpenAIUpstreamWire(), Prices);
        h.Scenario.Answer = new FakeAnswer(Review);
        using HttpClient http = h.Gateway.CreateAdminClient();

        using HttpResponseMessage response = await PostAsync(http, "/api/review", new JsonObject
        {
            ["repo_id"] = 42,
            ["file_path"] = "app.py",
            ["content"] = "import os\nos.system(input())\n",
            ["language"] = "python",
            ["cursor_context"] = "line 2",
        });
        string body = await response.Content.ReadAsStringAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        JsonNode answer = JsonNode.Parse(body)!;
        answer["content"]!.GetValue<string>().ShouldBe(Review);
        answer["cached"]!.GetValue<bool>().ShouldBeFalse();
        answer["usage"]!["input_tokens"]!.GetValue<long>().ShouldBe(120);
        answer["usage"]!["output_tokens"]!.GetValue<long>().ShouldBe(40);
        answer["usage"]!["total_tokens"]!.GetValue<long>().ShouldBe(160);
        answer["model"]!.GetValue<string>().ShouldBe("up/fake-model");
        answer["elapsed_ms"]!.GetValue<double>().ShouldBeGreaterThan(0);
        answer["cost_usd"]!.GetValue<decimal>().ShouldBe(0.00115m);
        answer["result"]!["verdict"]!.GetValue<string>().ShouldBe("request_changes");
        answer["result"]!["findings"]![0]!["line"]!.GetValue<int>().ShouldBe(2);

        JsonObject upstream = h.Upstream.LastRequest.Json;
        upstream["model"]!.GetValue<string>().ShouldBe("fake-model");
        upstream["response_format"]!["type"]!.GetValue<string>().ShouldBe("json_object");
        string prompt = upstream["messages"]!.AsArray().Last()!["content"]!.GetValue<string>();
        prompt.ShouldContain("2| os.system(input())");
        prompt.ShouldContain("<cursor_context>\nline 2\n</cursor_context>");

        var row = LedgerDb.Rows(h.Gateway.Home).ShouldHaveSingleItem();
        row["operation"].ShouldBe("code_review");
        row["protocol"].ShouldBe("api");
        row["repository"].ShouldBe("42");
        LedgerDb.Cost(row).ShouldBe(0.00115m);
    }

    [Theory]
    [InlineData("Looks fine to me.", "The model did not answer in JSON.")]
    [InlineData("""{"summary": "Runs a shell.", "findings": [{"line": 2, "severity": "err""", "cut off")]
    [InlineData("", "The model's answer was empty.")]
    public async Task Review_MalformedAnswer_IsA200PartialResultWithAWarning(string reply, string warning)
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(new OpenAIUpstreamWire(), Prices);
        h.Scenario.Answer = new FakeAnswer(reply);
        using HttpClient http = h.Gateway.CreateAdminClient();

        using HttpResponseMessage response = await PostAsync(http, "/api/review", new JsonObject { ["file_path"] = "app.py", ["content"] = "x = 1\n" });
        string body = await response.Content.ReadAsStringAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        JsonNode answer = JsonNode.Parse(body)!;
        answer["result"]!["partial"]!.GetValue<bool>().ShouldBeTrue();
        answer["warnings"]!.AsArray().Select(w => w!.GetValue<string>()).ShouldContain(w => w.Contains(warning));
    }

    [Fact]
    public async Task Debug_ParsesTheDiagnosis()
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(new OpenAIUpstreamWire(), Prices);
        h.Scenario.Answer = new FakeAnswer("""```json\n{"root_cause": "x is None", "confidence": "high", "location": {"file": "app.py", "line": 1}, "fix": {"description": "check", "code": "if x:"}}\n```""".Replace("\\n", "\n", StringComparison.Ordinal));
        using HttpClient http = h.Gateway.CreateAdminClient();

        using HttpResponseMessage response = await PostAsync(http, "/api/debug", new JsonObject
        {
            ["file_name"] = "app.py",
            ["code"] = "x = None\nx.y\n",
            ["error_log"] = "AttributeError: 'NoneType' object has no attribute 'y'",
        });
        string body = await response.Content.ReadAsStringAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        JsonNode answer = JsonNode.Parse(body)!;
        answer["operation"]!.GetValue<string>().ShouldBe("debugging");
        answer["result"]!["root_cause"]!.GetValue<string>().ShouldBe("x is None");
        answer["result"]!["fix_code"]!.GetValue<string>().ShouldBe("if x:");
        h.Upstream.LastRequest.Body.ShouldContain("AttributeError");
        LedgerDb.Rows(h.Gateway.Home).Single()["operation"].ShouldBe("debugging");
    }

    [Fact]
    public async Task Debug_SameRequestAgain_IsACacheHitAtNoCostWithItsSavingsInTheLedger()
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(new OpenAIUpstreamWire(), Prices);
        h.Scenario.Answer = new FakeAnswer("""{"root_cause": "x is None", "confidence": "high"}""");
        using HttpClient http = h.Gateway.CreateAdminClient();
        var request = new JsonObject { ["file_name"] = "app.py", ["code"] = "x = None\nx.y\n", ["error_log"] = "AttributeError: 'NoneType'" };

        using HttpResponseMessage first = await PostAsync(http, "/api/debug", request);
        using HttpResponseMessage second = await PostAsync(http, "/api/debug", request);
        JsonNode a = JsonNode.Parse(await first.Content.ReadAsStringAsync())!;
        JsonNode b = JsonNode.Parse(await second.Content.ReadAsStringAsync())!;

        h.Upstream.CallCount.ShouldBe(1);
        a["cached"]!.GetValue<bool>().ShouldBeFalse();
        b["cached"]!.GetValue<bool>().ShouldBeTrue();
        b["cost_usd"]!.GetValue<decimal>().ShouldBe(0m);
        b["result"]!["root_cause"]!.GetValue<string>().ShouldBe("x is None");
        var rows = LedgerDb.Rows(h.Gateway.Home);
        rows.Select(r => r["cache_status"]).ShouldBe(["miss", "hit"]);
        rows[1]["operation"].ShouldBe("debugging");
        ((long)rows[1]["saved_pico"]!).ShouldBe((long)rows[0]["cost_pico"]!);
        ((long)rows[0]["cost_pico"]!).ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Review_CacheHeaders_RefreshSkipOrAreRejected()
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(new OpenAIUpstreamWire(), Prices);
        h.Scenario.Answer = new FakeAnswer(Review);
        using HttpClient http = h.Gateway.CreateAdminClient();
        var request = new JsonObject { ["file_path"] = "app.py", ["content"] = "import os\nos.system(input())\n" };

        async Task<(HttpStatusCode Status, JsonNode? Body)> Send(string? header, string? value)
        {
            using var message = new HttpRequestMessage(HttpMethod.Post, "/api/review") { Content = new StringContent(request.ToJsonString(), Encoding.UTF8, "application/json") };
            if (header is not null)
            {
                message.Headers.TryAddWithoutValidation(header, value);
            }

            using HttpResponseMessage response = await http.SendAsync(message);
            return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync()));
        }

        var first = await Send(null, null);
        var refreshed = await Send("Cache-Control", "no-cache");
        var hit = await Send(null, null);
        var off = await Send("x-purser-cache", "off");
        var bad = await Send("x-purser-cache", "sometimes");

        first.Body!["cached"]!.GetValue<bool>().ShouldBeFalse();
        refreshed.Body!["cached"]!.GetValue<bool>().ShouldBeFalse();
        hit.Body!["cached"]!.GetValue<bool>().ShouldBeTrue();
        off.Body!["cached"]!.GetValue<bool>().ShouldBeFalse();
        h.Upstream.CallCount.ShouldBe(3);
        bad.Status.ShouldBe(HttpStatusCode.BadRequest);
        bad.Body!["error"]!["message"]!.GetValue<string>().ShouldContain("x-purser-cache");
        LedgerDb.Rows(h.Gateway.Home).Select(r => r["cache_status"]).ShouldBe(["miss", "bypass", "hit", "bypass"]);
    }

    [Fact]
    public async Task Architecture_ReturnsTheDocument()
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(new OpenAIUpstreamWire(), Prices);
        h.Scenario.Answer = new FakeAnswer("# Shortener: architecture\n## 1. Summary\n...");
        using HttpClient http = h.Gateway.CreateAdminClient();

        using HttpResponseMessage response = await PostAsync(http, "/api/architecture", new JsonObject
        {
            ["request"] = "a URL shortener",
            ["tech_stack"] = "Go",
            ["scale"] = "1M links a day",
            ["database"] = "PostgreSQL",
        });
        string body = await response.Content.ReadAsStringAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        JsonNode.Parse(body)!["content"]!.GetValue<string>().ShouldStartWith("# Shortener");
        string prompt = h.Upstream.LastRequest.Body;
        prompt.ShouldContain("Technology stack: Go");
        prompt.ShouldContain("Expected scale: 1M links a day");
        LedgerDb.Rows(h.Gateway.Home).Single()["operation"].ShouldBe("architecture");
    }

    [Fact]
    public async Task Limits_OversizedCodeIs413_UnknownOrDisallowedLanguageIs400()
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(new OpenAIUpstreamWire(), c => c["Purser:Assistant:AllowedLanguages:0"] = "python");
        using HttpClient http = h.Gateway.CreateAdminClient();

        using HttpResponseMessage large = await PostAsync(http, "/api/review", new JsonObject { ["file_path"] = "a.py", ["content"] = new string('x', (50 * 1024) + 1) });
        using HttpResponseMessage klingon = await PostAsync(http, "/api/review", new JsonObject { ["file_path"] = "a.py", ["content"] = "x", ["language"] = "klingon" });
        using HttpResponseMessage java = await PostAsync(http, "/api/debug", new JsonObject { ["file_name"] = "A.java", ["code"] = "class A {}", ["error_log"] = "boom" });

        large.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        JsonNode largeError = JsonNode.Parse(await large.Content.ReadAsStringAsync())!["error"]!;
        largeError["type"]!.GetValue<string>().ShouldBe("request_too_large");
        largeError["message"]!.GetValue<string>().ShouldContain("Purser:Assistant:MaxCodeBytes");
        klingon.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await klingon.Content.ReadAsStringAsync()).ShouldContain("'klingon' is not one Purser recognises");
        java.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await java.Content.ReadAsStringAsync()).ShouldContain("Purser:Assistant:AllowedLanguages");
        h.Upstream.CallCount.ShouldBe(0);
    }

    [Theory]
    [InlineData("/api/review", "{}", "'file_path' is required.")]
    [InlineData("/api/review", """{"file_path": "a.py", "content": 7}""", "'content' must be a string.")]
    [InlineData("/api/debug", """{"file_name": "a.py", "code": "x"}""", "'error_log' is required.")]
    [InlineData("/api/architecture", """{"request": "  "}""", "'request' must not be empty.")]
    [InlineData("/api/architecture", "[1, 2]", "must be a JSON object")]
    [InlineData("/api/debug", "{not json", "not valid JSON")]
    [InlineData("/api/review", "", "empty")]
    public async Task BadRequests_Are400sNamingTheField(string path, string body, string message)
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(new OpenAIUpstreamWire());
        using HttpClient http = h.Gateway.CreateAdminClient();

        using HttpResponseMessage response = await http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        JsonNode error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;
        error["message"]!.GetValue<string>().ShouldContain(message);
        error["type"]!.GetValue<string>().ShouldBe("invalid_request_error");
    }

    [Fact]
    public async Task CamelCaseFieldsAndAnExplicitModel_AreAccepted()
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(new OpenAIUpstreamWire());
        h.Scenario.Answer = new FakeAnswer(Review);
        using HttpClient http = h.Gateway.CreateAdminClient();

        using HttpResponseMessage response = await http.PostAsync("/api/review", new StringContent("""{"filePath": "app.py", "content": "x = 1\n", "repoId": "shop", "model": "up/fake-model"}""", Encoding.UTF8, "application/json"));

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        LedgerDb.Rows(h.Gateway.Home).Single()["repository"].ShouldBe("shop");
    }

    [Fact]
    public async Task UpstreamFailure_IsTheGatewaysErrorStatusNotA500()
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(new OpenAIUpstreamWire());
        h.Scenario.ErrorStatus = 503;
        using HttpClient http = h.Gateway.CreateAdminClient();

        using HttpResponseMessage response = await PostAsync(http, "/api/architecture", new JsonObject { ["request"] = "a queue" });

        response.StatusCode.ShouldBe(HttpStatusCode.BadGateway);
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["type"]!.GetValue<string>().ShouldBe("upstream_http");
    }

    [Fact]
    public async Task WithAMasterKey_TheEndpointsNeedIt()
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(new OpenAIUpstreamWire(), c => c["Purser:Auth:MasterKey"] = "master-secret");
        h.Scenario.Answer = new FakeAnswer("# Design");
        using HttpClient http = h.Gateway.CreateClient();

        using HttpResponseMessage anonymous = await PostAsync(http, "/api/architecture", new JsonObject { ["request"] = "a queue" });
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "master-secret");
        using HttpResponseMessage authorised = await PostAsync(http, "/api/architecture", new JsonObject { ["request"] = "a queue" });

        anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        authorised.StatusCode.ShouldBe(HttpStatusCode.OK);
        h.Upstream.CallCount.ShouldBe(1);
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient http, string path, JsonObject body) =>
        http.PostAsync(path, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
}
