using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Purser.FunctionalTests.Infrastructure;

namespace Purser.FunctionalTests.Assistant;

/// <summary>
/// POST /api/generate, /api/validate, /api/templates and seed 002's Code Insight paths on the real gateway, the model
/// answered by a fake OpenAI upstream returning fixed code.
/// </summary>
public sealed class GenerationEndpointsTests
{
    private const string XeroClient = """"
        ### `xero_client.py`
        ```python
        """A client for the Xero API."""

        import logging

        import httpx

        logger = logging.getLogger(__name__)


        class XeroClient:
            """Calls the Xero API."""

            def __init__(self, token: str) -> None:
                self._http = httpx.Client(base_url="https://api.xero.com", headers={"Authorization": f"Bearer {token}"})

            def get_contacts(self) -> list:
                """Returns the Xero contacts."""
                try:
                    response = self._http.get("/api.xro/2.0/Contacts")
                    response.raise_for_status()
                except httpx.HTTPError:
                    logger.exception("Xero request failed")
                    raise
                return response.json()["Contacts"]
        ```
        """";

    private static void Prices(Dictionary<string, string?> c)
    {
        c["Purser:Pricing:up/fake-model:Input"] = "5";
        c["Purser:Pricing:up/fake-model:Output"] = "15";
    }

    [Fact]
    public async Task Generate_FirstTaskPaysAndLearns_ASimilarTaskIsATemplateHitWithNoUpstreamCall()
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(new OpenAIUpstreamWire(), Prices);
        h.Scenario.Answer = new FakeAnswer(XeroClient);
        using HttpClient http = h.Gateway.CreateAdminClient();

        JsonNode first = await OkAsync(http, "/api/generate", new JsonObject { ["task"] = "Create a Xero API client", ["stack"] = new JsonArray("httpx"), ["language"] = "python" });
        JsonNode second = await OkAsync(http, "/api/generate", new JsonObject { ["task"] = "Create a Stripe API client", ["stack"] = "httpx", ["language"] = "python" });

        h.Upstream.CallCount.ShouldBe(1);
        first["path"]!.GetValue<string>().ShouldBe("model");
        first["cost_usd"]!.GetValue<decimal>().ShouldBe(0.0012m); // 120 in × $5 + 40 out × $15 per 1M
        first["learned_template_id"]!.GetValue<long>().ShouldBe(1);
        second["path"]!.GetValue<string>().ShouldBe("template");
        second["cost_usd"]!.GetValue<decimal>().ShouldBe(0m);
        second["saved_usd"]!.GetValue<decimal>().ShouldBe(0.0012m);
        second["answer"]!.GetValue<string>().ShouldContain("class StripeClient:");
        second["answer"]!.GetValue<string>().ShouldNotContain("Xero");

        List<Dictionary<string, object?>> rows = LedgerDb.Rows(h.Gateway.Home);
        rows.Count.ShouldBe(2);
        rows.ShouldAllBe(r => (string?)r["operation"] == "code_generation" && (string?)r["protocol"] == "api");
        LedgerDb.Cost(rows[1]).ShouldBe(0m);
        rows[1]["cache_status"].ShouldBe("template");
        rows[1]["saved_pico"].ShouldBe(1_200_000_000L);

        JsonNode costs = await GetAsync(http, "/api/costs?period=all");
        costs["report"]!["totals"]!["saved_usd"]!.GetValue<decimal>().ShouldBe(0.0012m);
        JsonNode templates = await GetAsync(http, "/api/templates");
        templates[0]!["uses"]!.GetValue<long>().ShouldBe(1);
    }

    [Fact]
    public async Task Templates_ShowSimilarEditExportImportDelete_OverHttp()
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(new OpenAIUpstreamWire(), Prices);
        h.Scenario.Answer = new FakeAnswer(XeroClient);
        using HttpClient http = h.Gateway.CreateAdminClient();
        await OkAsync(http, "/api/generate", new JsonObject { ["task"] = "Create a Xero API client", ["stack"] = "httpx", ["language"] = "python" });

        JsonNode shown = await GetAsync(http, "/api/templates/1");
        JsonNode similar = await GetAsync(http, "/api/templates/similar?task=Create%20a%20Stripe%20API%20client&language=python&stack=httpx");
        string edited = shown["template"]!["code"]!.GetValue<string>().Replace("Calls the", "Talks to", StringComparison.Ordinal);
        using HttpResponseMessage put = await http.PutAsync("/api/templates/1", Json(new JsonObject { ["code"] = edited }));
        using HttpResponseMessage badPut = await http.PutAsync("/api/templates/1", Json(new JsonObject { ["code"] = "{{purser:Entity:pascal}}" }));
        JsonNode export = await GetAsync(http, "/api/templates/export");
        using HttpResponseMessage delete = await http.DeleteAsync("/api/templates/1");
        using HttpResponseMessage missing = await http.GetAsync("/api/templates/1");
        JsonNode imported = await OkAsync(http, "/api/templates/import", export.AsObject());
        using HttpResponseMessage garbage = await http.PostAsync("/api/templates/import", new StringContent("[1,2]", Encoding.UTF8, "application/json"));

        shown["template"]!["parameters"]![0]!["name"]!.GetValue<string>().ShouldBe("Service");
        similar[0]!["would_match"]!.GetValue<bool>().ShouldBeTrue();
        similar[0]!["similarity"]!.GetValue<double>().ShouldBe(1.0);
        put.StatusCode.ShouldBe(HttpStatusCode.OK);
        JsonNode.Parse(await put.Content.ReadAsStringAsync())!["version"]!.GetValue<int>().ShouldBe(2);
        badPut.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await badPut.Content.ReadAsStringAsync()).ShouldContain("Entity");
        export["templates"]![0]!["history"]![0]!["reason"]!.GetValue<string>().ShouldBe("edited");
        delete.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        imported["added"]!.GetValue<int>().ShouldBe(1);
        garbage.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await GetAsync(http, "/api/templates"))[0]!["code"]!.GetValue<string>().ShouldContain("Talks to");
    }

    [Fact]
    public async Task Validate_AnswersTheReportAndRefusesBadInputWithA4xx()
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(new OpenAIUpstreamWire(), c => c["Purser:Assistant:MaxCodeBytes"] = "200");
        using HttpClient http = h.Gateway.CreateAdminClient();

        JsonNode report = await OkAsync(http, "/api/validate", new JsonObject { ["file_path"] = "run.py", ["content"] = "import os\n\ndef run(cmd):\n    os.system(cmd)\n" });
        using HttpResponseMessage noContent = await PostAsync(http, "/api/validate", new JsonObject { ["file_path"] = "run.py" });
        using HttpResponseMessage noLanguage = await PostAsync(http, "/api/validate", new JsonObject { ["content"] = "x = 1\n" });
        using HttpResponseMessage badThreshold = await PostAsync(http, "/api/validate", new JsonObject { ["content"] = "x = 1\n", ["language"] = "python", ["threshold"] = 101 });
        using HttpResponseMessage tooLarge = await PostAsync(http, "/api/validate", new JsonObject { ["content"] = new string('x', 300), ["language"] = "python" });

        JsonNode file = report["files"]![0]!;
        file["language"]!.GetValue<string>().ShouldBe("python");
        file["passed"]!.GetValue<bool>().ShouldBeFalse();
        file["findings"]!.AsArray().Select(f => $"{f!["rule"]} {f["line"]}").ShouldContain("SEC002 4");
        noContent.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        noLanguage.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await noLanguage.Content.ReadAsStringAsync()).ShouldContain("language");
        badThreshold.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        tooLarge.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        h.Upstream.CallCount.ShouldBe(0);
        LedgerDb.Rows(h.Gateway.Home).ShouldBeEmpty();
    }

    [Fact]
    public async Task CodeInsightPaths_TakeTheSeedsFieldNamesAndAnswerWithItsEnvelope()
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(new OpenAIUpstreamWire(), Prices);
        h.Scenario.Answer = new FakeAnswer("""{"summary": "Prints.", "verdict": "comment", "findings": []}""");
        using HttpClient http = h.Gateway.CreateAdminClient();

        JsonNode review = await OkAsync(http, "/process-review", new JsonObject
        {
            ["repo_id"] = "user123/myrepo",
            ["file_path"] = "src/app.py",
            ["file_content"] = "def hello():\n    print('world')",
            ["language"] = "python",
            ["cursor_context"] = "optional context",
        });
        h.Scenario.Answer = new FakeAnswer("# Chat design\n\nUse WebSockets.");
        JsonNode architecture = await OkAsync(http, "/generate-architecture", new JsonObject
        {
            ["user_request"] = "Build a real-time chat application",
            ["tech_stack"] = "Node.js, React, MongoDB",
            ["scale"] = "10K concurrent users",
            ["database"] = "MongoDB",
        });
        h.Scenario.Answer = new FakeAnswer("""{"root_cause": "b can be zero", "confidence": "high"}""");
        JsonNode debug = await OkAsync(http, "/process-debug", new JsonObject
        {
            ["file_name"] = "app.py",
            ["code"] = "def divide(a, b):\n    return a / b",
            ["error_log"] = "ZeroDivisionError: division by zero",
        });
        using HttpResponseMessage missing = await PostAsync(http, "/process-review", new JsonObject { ["file_path"] = "src/app.py" });

        foreach (JsonNode answer in new[] { review, architecture, debug })
        {
            answer["success"]!.GetValue<bool>().ShouldBeTrue();
            answer["cached"]!.GetValue<bool>().ShouldBeFalse();
            answer["tokens_used"]!["prompt_tokens"]!.GetValue<long>().ShouldBe(120);
            answer["tokens_used"]!["completion_tokens"]!.GetValue<long>().ShouldBe(40);
            answer["tokens_used"]!["total_tokens"]!.GetValue<long>().ShouldBe(160);
            answer["model"]!.GetValue<string>().ShouldBe("up/fake-model");
            answer["elapsed_time"]!.GetValue<double>().ShouldBeGreaterThan(0);
            answer["elapsed_time"]!.GetValue<double>().ShouldBeLessThan(60);
        }

        review["content"]!.GetValue<string>().ShouldContain("Prints.");
        architecture["content"]!.GetValue<string>().ShouldBe("# Chat design\n\nUse WebSockets.");
        debug["result"]!["root_cause"]!.GetValue<string>().ShouldBe("b can be zero");
        string architecturePrompt = h.Upstream.Received.ElementAt(1).Json["messages"]!.AsArray().Last()!["content"]!.GetValue<string>();
        architecturePrompt.ShouldContain("Build a real-time chat application");
        missing.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        JsonNode error = JsonNode.Parse(await missing.Content.ReadAsStringAsync())!;
        error["success"]!.GetValue<bool>().ShouldBeFalse();
        error["error"]!.GetValue<string>().ShouldContain("content");
        LedgerDb.Rows(h.Gateway.Home).Select(r => (string?)r["operation"]).ShouldBe(["code_review", "architecture", "debugging"]);
    }

    private static async Task<JsonNode> OkAsync(HttpClient http, string path, JsonObject body)
    {
        using HttpResponseMessage response = await PostAsync(http, path, body);
        string text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        return JsonNode.Parse(text)!;
    }

    private static async Task<JsonNode> GetAsync(HttpClient http, string path)
    {
        using HttpResponseMessage response = await http.GetAsync(path);
        string text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        return JsonNode.Parse(text)!;
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient http, string path, JsonObject body) => http.PostAsync(path, Json(body));

    private static StringContent Json(JsonObject body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");
}
