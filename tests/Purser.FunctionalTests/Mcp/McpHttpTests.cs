using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Purser.FunctionalTests.Infrastructure;
using Purser.Gateway.Mcp;
using Purser.Ledger;
using Purser.Sessions;

namespace Purser.FunctionalTests.Mcp;

/// <summary>
/// /mcp on the real gateway, driven by the MCP SDK's own client over streamable HTTP: every tool listed and called,
/// each model call priced and in the ledger under the caller (the master key, or a purser run session's key and budget).
/// </summary>
public sealed class McpHttpTests
{
    private const string Master = "mcp-master-key";

    private const string Review = """{"summary": "Runs a shell.", "verdict": "request_changes", "findings": [{"file": "app.py", "line": 2, "severity": "error", "category": "security", "title": "Shell injection", "message": "input reaches os.system.", "suggestion": "Use subprocess with a list."}]}""";

    private const string Diff = "diff --git a/app.py b/app.py\n--- a/app.py\n+++ b/app.py\n@@ -1 +1,2 @@\n import os\n+os.system(input())\n";

    private static Task<GatewayHarness> StartAsync() => GatewayHarness.StartAsync(new OpenAIUpstreamWire(), c =>
    {
        c["Purser:Auth:MasterKey"] = Master;
        c["Purser:Pricing:up/fake-model:Input"] = "5";
        c["Purser:Pricing:up/fake-model:Output"] = "15";
    });

    private static Task<McpClient> ConnectAsync(GatewayHarness h, string? key) => McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions
    {
        Endpoint = new Uri(h.Url.TrimEnd('/') + "/mcp"),
        AdditionalHeaders = key is null ? null : new Dictionary<string, string> { ["Authorization"] = "Bearer " + key },
    }));

    private static string Text(CallToolResult result) => result.Content.OfType<TextContentBlock>().Single().Text;

    private static async Task<List<Dictionary<string, object?>>> LedgerAsync(GatewayHarness h)
    {
        await h.Gateway.Services.GetRequiredService<LedgerWriter>().FlushAsync();
        return LedgerDb.Rows(h.Gateway.Home, "SELECT operation, protocol, key_id, status, cost_pico FROM ledger ORDER BY id");
    }

    [Fact]
    public async Task MasterKey_ListsEveryTool_AndEachToolAnswers_ItsModelCallsPricedInTheLedger()
    {
        await using GatewayHarness h = await StartAsync();
        await using McpClient client = await ConnectAsync(h, Master);

        IList<McpClientTool> tools = await client.ListToolsAsync();
        tools.Select(t => t.Name).Order().ShouldBe(PurserMcpTools.Names.Order());
        tools.Single(t => t.Name == "review_diff").JsonSchema.GetProperty("required").EnumerateArray().Select(e => e.GetString()).ShouldBe(["diff"]);

        h.Scenario.Answer = new FakeAnswer(Review);
        CallToolResult review = await client.CallToolAsync("review_diff", new Dictionary<string, object?> { ["diff"] = Diff });
        review.IsError.ShouldNotBe(true, Text(review));
        JsonNode reviewed = JsonNode.Parse(Text(review))!;
        reviewed["result"]!["findings"]![0]!["title"]!.GetValue<string>().ShouldBe("Shell injection");
        reviewed["cost_usd"]!.GetValue<decimal>().ShouldBe(0.00120m);

        h.Scenario.Answer = new FakeAnswer("""{"scores": {"quality": 7, "security": 3, "performance": 8, "maintainability": 6}, "issues": [{"line": 2, "severity": "high", "category": "security", "message": "Shell injection."}], "summary": "Risky."}""");
        CallToolResult analysis = await client.CallToolAsync("analyze_file", new Dictionary<string, object?> { ["path"] = "app.py", ["content"] = "import os\nos.system(input())\n" });
        analysis.IsError.ShouldNotBe(true, Text(analysis));
        Text(analysis).ShouldContain("Shell injection.");

        h.Scenario.Answer = new FakeAnswer("""{"root_cause": "x is None", "fix": "Check for None.", "fixed_code": "if x is not None:\n    print(x.y)"}""");
        CallToolResult debug = await client.CallToolAsync("debug_error", new Dictionary<string, object?>
        {
            ["error"] = "AttributeError: 'NoneType' object has no attribute 'y'",
            ["code"] = "print(x.y)\n",
            ["file"] = "main.py",
        });
        debug.IsError.ShouldNotBe(true, Text(debug));
        JsonNode.Parse(Text(debug))!["operation"]!.GetValue<string>().ShouldBe("debugging");

        h.Scenario.Answer = new FakeAnswer("Use one service and a queue.");
        CallToolResult design = await client.CallToolAsync("design_architecture", new Dictionary<string, object?> { ["request"] = "A URL shortener", ["scale"] = "1k users" });
        design.IsError.ShouldNotBe(true, Text(design));
        JsonNode.Parse(Text(design))!["content"]!.GetValue<string>().ShouldBe("Use one service and a queue.");

        List<Dictionary<string, object?>> rows = await LedgerAsync(h);
        rows.Select(r => r["operation"]).ShouldBe(["code_review", "file_scoring", "debugging", "architecture"]);
        rows.ShouldAllBe(r => (string?)r["protocol"] == PurserMcpTools.Origin && r["key_id"] == null);

        CallToolResult costs = await client.CallToolAsync("costs", new Dictionary<string, object?> { ["period"] = "24h", ["group_by"] = "model" });
        costs.IsError.ShouldNotBe(true, Text(costs));
        JsonNode report = JsonNode.Parse(Text(costs))!;
        report.ToJsonString().ShouldContain("up/fake-model");
        report["periods"]!["24h"]!["calls"]!.GetValue<long>().ShouldBe(rows.Count);
        report["periods"]!["24h"]!["cost_usd"]!.GetValue<decimal>().ShouldBe(rows.Sum(r => LedgerDb.Cost(r)!.Value));

        CallToolResult budgets = await client.CallToolAsync("budget_status", new Dictionary<string, object?>());
        budgets.IsError.ShouldNotBe(true, Text(budgets));
        JsonNode.Parse(Text(budgets)).ShouldBeOfType<JsonArray>();

        CallToolResult bad = await client.CallToolAsync("costs", new Dictionary<string, object?> { ["period"] = "fortnight" });
        bad.IsError.ShouldBe(true);
        Text(bad).ShouldContain("'period' must be one of 24h, 7d, 30d, all");
    }

    [Fact]
    public async Task GenerateCode_AndValidateCode_RunTheGeneratorAndTheValidator_GenerationInTheLedgerAsMcp()
    {
        await using GatewayHarness h = await StartAsync();
        await using McpClient client = await ConnectAsync(h, Master);
        h.Scenario.Answer = new FakeAnswer(""""
            ### `add.py`
            ```python
            """Adds numbers."""


            def add(a: int, b: int) -> int:
                """Returns the sum of a and b."""
                return a + b
            ```
            """");

        CallToolResult generated = await client.CallToolAsync("generate_code", new Dictionary<string, object?> { ["task"] = "Write an add function", ["language"] = "python", ["stack"] = new[] { "python" } });
        generated.IsError.ShouldNotBe(true, Text(generated));
        JsonNode result = JsonNode.Parse(Text(generated))!;
        result["path"]!.GetValue<string>().ShouldBe("model");
        result["answer"]!.GetValue<string>().ShouldContain("def add(a: int, b: int) -> int:");

        int calls = h.Upstream.CallCount;
        CallToolResult validated = await client.CallToolAsync("validate_code", new Dictionary<string, object?> { ["code"] = "import os\nos.system(input())\n", ["path"] = "app.py" });
        validated.IsError.ShouldNotBe(true, Text(validated));
        JsonNode run = JsonNode.Parse(Text(validated))!;
        run["files"]![0]!["language"]!.ToJsonString().ShouldContain("python");
        run["cost_usd"]!.GetValue<decimal>().ShouldBe(0m);
        h.Upstream.CallCount.ShouldBe(calls);

        CallToolResult unknown = await client.CallToolAsync("validate_code", new Dictionary<string, object?> { ["code"] = "x", ["language"] = "klingon" });
        unknown.IsError.ShouldBe(true);
        Text(unknown).ShouldContain("'language' 'klingon' is not a language Purser recognises.");

        List<Dictionary<string, object?>> rows = await LedgerAsync(h);
        rows.ShouldNotBeEmpty();
        rows.ShouldAllBe(r => (string?)r["operation"] == "code_generation" && (string?)r["protocol"] == PurserMcpTools.Origin);
    }

    [Fact]
    public async Task SessionKey_ToolCallsAreChargedToTheSession_ItsBudgetRefuses_AndItSeesOnlyItsOwnFigures()
    {
        await using GatewayHarness h = await StartAsync();
        SessionService sessions = h.Gateway.Services.GetRequiredService<SessionService>();
        SessionStart roomy = sessions.Start(new SessionRequest { Agent = "claude", BudgetUsd = 5m }).Started!;
        SessionStart spent = sessions.Start(new SessionRequest { Agent = "claude", BudgetUsd = 0.000001m }).Started!;
        h.Scenario.Answer = new FakeAnswer("Use one service and a queue.");

        await using (McpClient client = await ConnectAsync(h, roomy.Key))
        {
            CallToolResult design = await client.CallToolAsync("design_architecture", new Dictionary<string, object?> { ["request"] = "A URL shortener" });
            design.IsError.ShouldNotBe(true, Text(design));

            CallToolResult costs = await client.CallToolAsync("costs", new Dictionary<string, object?>());
            JsonNode summary = JsonNode.Parse(Text(costs))!;
            summary["session"]!["id"]!.GetValue<string>().ShouldBe(roomy.Session.Id);
            summary["figures"]!["calls"]!.GetValue<long>().ShouldBe(1);
            summary["figures"]!["cost_usd"]!.GetValue<decimal>().ShouldBe(0.00120m);

            CallToolResult budget = await client.CallToolAsync("budget_status", new Dictionary<string, object?>());
            JsonNode left = JsonNode.Parse(Text(budget))!;
            left["limit_usd"]!.GetValue<decimal>().ShouldBe(5m);
            left["left_usd"]!.GetValue<decimal>().ShouldBe(5m - 0.00120m);

            CallToolResult other = await client.CallToolAsync("costs", new Dictionary<string, object?> { ["session"] = spent.Session.Id });
            other.IsError.ShouldBe(true);
            Text(other).ShouldStartWith("permission_error");
        }

        int upstreamCalls = h.Upstream.CallCount;
        await using (McpClient client = await ConnectAsync(h, spent.Key))
        {
            // Another request than the first (which the response cache would answer at $0).
            CallToolResult refused = await client.CallToolAsync("design_architecture", new Dictionary<string, object?> { ["request"] = "A chat server" });
            refused.IsError.ShouldBe(true);
            Text(refused).ShouldStartWith("budget_exceeded");
        }

        h.Upstream.CallCount.ShouldBe(upstreamCalls);
        List<Dictionary<string, object?>> rows = await LedgerAsync(h);
        rows.Count.ShouldBe(2);
        rows[0]["key_id"].ShouldBe(roomy.Session.Id);
        rows[0]["operation"].ShouldBe("architecture");
        rows[1]["key_id"].ShouldBe(spent.Session.Id);
        rows[1]["status"].ShouldBe(429L);

        await sessions.EndAsync(roomy.Session.Id, 0, CancellationToken.None);
        HttpRequestException revoked = await Should.ThrowAsync<HttpRequestException>(() => ConnectAsync(h, roomy.Key));
        revoked.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task NoKeyOrAWrongOne_IsA401_WhenAMasterKeyIsConfigured()
    {
        await using GatewayHarness h = await StartAsync();
        using HttpClient http = h.Gateway.CreateClient();

        foreach (string? key in new[] { null, "not-the-master", "pk-purser-0000000000000000000000000000" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/mcp")
            {
                Content = new StringContent("""{"jsonrpc":"2.0","id":1,"method":"tools/list"}""", System.Text.Encoding.UTF8, "application/json"),
            };
            request.Headers.Accept.ParseAdd("application/json");
            request.Headers.Accept.ParseAdd("text/event-stream");
            if (key is not null)
            {
                request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
            }

            using HttpResponseMessage response = await http.SendAsync(request);
            response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, key ?? "(no key)");
            (await response.Content.ReadAsStringAsync()).ShouldContain(key is null ? "missing_api_key" : "invalid_api_key");
        }

        h.Upstream.CallCount.ShouldBe(0);
    }
}
