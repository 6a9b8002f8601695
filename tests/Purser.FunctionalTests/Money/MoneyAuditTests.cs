using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Purser.FunctionalTests.Infrastructure;

namespace Purser.FunctionalTests.Money;

/// <summary>
/// The adversarial money audit's reproductions (issue 18), through the real gateway against fake upstreams of each
/// kind. Every expected cost is computed here by hand from the catalog's published per-million prices:
/// gpt-4.1 $2 / $8, gpt-4.1-mini $0.40 / $1.60, claude-sonnet-4-5 and claude-3-7-sonnet $3 in / $3.75 5-minute write /
/// $6 one-hour write / $15 out, grok-3-mini $0.30 / $0.50. Each test uses its own projects, so budgets do not meet.
/// </summary>
public sealed class MoneyAuditTests(AuditGateway g) : IClassFixture<AuditGateway>
{
    private const string Chat = "/v1/chat/completions";
    private const string Messages = "/v1/messages";

    /// <summary>An OpenAI upstream that bills every answer asked for (n) at the full output limit it was sent.</summary>
    private static Func<HttpContext, ReceivedRequest, Task> BillsTheLimit(string model, long prompt) => (http, request) =>
    {
        JsonObject body = request.Json;
        int n = body["n"]?.GetValue<int>() ?? 1;
        long max = Math.Max(body["max_tokens"]?.GetValue<long>() ?? 0, body["max_completion_tokens"]?.GetValue<long>() ?? 0);
        return AuditGateway.JsonAsync(http, AuditGateway.OpenAIAnswer(model, AuditGateway.OpenAIUsage(prompt, n * max), n));
    };

    [Fact]
    public async Task N_TwentyAnswers_AreReservedTwenty_Times()
    {
        // Audit: {"n":20,"max_tokens":1000} under $0.01 → 200, spent $0.16004.
        g["oa"].Handler = BillsTheLimit("gpt-4.1", prompt: 20);
        const string body = """{"model":"oa/gpt-4.1","n":20,"max_tokens":1000,"messages":[{"role":"user","content":"Name a colour."}]}""";
        await g.SetBudgetAsync("n-small", 0.01m);
        int before = g["oa"].CallCount;

        using HttpResponseMessage refused = await g.PostAsync(Chat, body, "n-small");

        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        g["oa"].CallCount.ShouldBe(before);
        (await g.SpentAsync("n-small")).ShouldBe(0m);

        // With room for all twenty answers it passes, and the ledger holds what the upstream billed.
        await g.SetBudgetAsync("n-room", 0.20m);
        using HttpResponseMessage served = await g.PostAsync(Chat, body, "n-room");
        served.StatusCode.ShouldBe(HttpStatusCode.OK);
        g["oa"].LastRequest.Json["n"]!.GetValue<int>().ShouldBe(20);
        decimal expected = (20m * 2.00m + 20_000m * 8.00m) / 1_000_000m;
        expected.ShouldBe(0.16004m);
        var row = (await g.RowsAsync("n-room")).ShouldHaveSingleItem();
        row["output_tokens"].ShouldBe(20_000L);
        LedgerDb.Cost(row).ShouldBe(expected);
    }

    [Fact]
    public async Task N_InTheEmergencyTier_IsReservedForEveryAnswerOfTheCappedLength()
    {
        // The emergency tier caps max_tokens at 1,024 and picks the cheapest model (grok-3-mini, $0.50 out): eight such
        // answers can cost 8 × 1,024 × $0.50 = $0.0041, more than is left.
        g["oa"].Handler = (http, _) => AuditGateway.JsonAsync(http, AuditGateway.OpenAIAnswer("gpt-4.1", AuditGateway.OpenAIUsage(20, 20)));
        g["xai"].Handler = BillsTheLimit("grok-3-mini", prompt: 20);
        await g.SetBudgetAsync("n-emergency", 0.003m, extra: ",\"cheap_below\":\"0.00295\",\"emergency_below\":\"0.0029\"");
        using HttpResponseMessage first = await g.PostAsync(Chat, """{"model":"oa/gpt-4.1","max_tokens":20,"messages":[{"role":"user","content":"hi"}]}""", "n-emergency");
        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        int before = g["xai"].CallCount;

        using HttpResponseMessage eight = await g.PostAsync(Chat, """{"model":"oa/gpt-4.1","n":8,"max_tokens":4000,"messages":[{"role":"user","content":"hi"}]}""", "n-emergency");

        eight.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        eight.Headers.GetValues("x-purser-route").Single().ShouldBe("explicit>tier:emergency");
        g["xai"].CallCount.ShouldBe(before);
        (await g.SpentAsync("n-emergency")).ShouldBeLessThanOrEqualTo(0.003m);
    }

    [Fact]
    public async Task GeminiCandidateCount_IsReservedForEveryCandidate()
    {
        // gemini-2.5-flash at $0.30 / $2.50: four candidates of up to 1,000 tokens can cost 4 × 1,000 × 2.50 = $0.01.
        g["ge"].Handler = (http, request) =>
        {
            JsonObject config = request.Json["generationConfig"]!.AsObject();
            int candidates = config["candidateCount"]!.GetValue<int>();
            long max = config["maxOutputTokens"]!.GetValue<long>();
            var list = new JsonArray();
            for (int i = 0; i < candidates; i++)
            {
                list.Add(new JsonObject { ["index"] = i, ["content"] = new JsonObject { ["role"] = "model", ["parts"] = new JsonArray(new JsonObject { ["text"] = "answer " + i }) }, ["finishReason"] = "MAX_TOKENS" });
            }

            var usage = new JsonObject { ["promptTokenCount"] = 10, ["candidatesTokenCount"] = candidates * max, ["totalTokenCount"] = 10 + (candidates * max) };
            return AuditGateway.JsonAsync(http, new JsonObject { ["candidates"] = list, ["usageMetadata"] = usage, ["modelVersion"] = "gemini-2.5-flash", ["responseId"] = "r1" }.ToJsonString());
        };
        const string body = """{"contents":[{"role":"user","parts":[{"text":"Name a colour."}]}],"generationConfig":{"candidateCount":4,"maxOutputTokens":1000}}""";
        await g.SetBudgetAsync("candidates-small", 0.005m);
        int before = g["ge"].CallCount;

        using HttpResponseMessage refused = await g.PostAsync("/v1beta/models/ge/gemini-2.5-flash:generateContent", body, "candidates-small");

        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        g["ge"].CallCount.ShouldBe(before);

        await g.SetBudgetAsync("candidates-room", 0.02m);
        using HttpResponseMessage served = await g.PostAsync("/v1beta/models/ge/gemini-2.5-flash:generateContent", body, "candidates-room");
        served.StatusCode.ShouldBe(HttpStatusCode.OK, await served.Content.ReadAsStringAsync());
        LedgerDb.Cost((await g.RowsAsync("candidates-room")).ShouldHaveSingleItem()).ShouldBe((10m * 0.30m + 4_000m * 2.50m) / 1_000_000m);
    }

    [Fact]
    public async Task Pdf_IsCountedByPages_AndDoesNotPoisonLaterCalls()
    {
        // Audit: a base64 PDF to claude-sonnet-4-5 under $0.10 → reserved $0.0151, charged $0.465; afterwards a plain
        // "hi" reserved $0.5639 and a new $0.50 budget refused it.
        g["an"].Handler = (http, request) => AuditGateway.JsonAsync(http, AuditGateway.AnthropicAnswer("claude-sonnet-4-5",
            AuditGateway.AnthropicUsage(request.Body.Contains("\"document\"", StringComparison.Ordinal) ? 150_000 : 12, 100)));
        string pdf = Convert.ToBase64String(TestPdf.Create(pages: 60));
        string document = $$$"""{"model":"an/claude-sonnet-4-5","max_tokens":100,"messages":[{"role":"user","content":[{"type":"document","source":{"type":"base64","media_type":"application/pdf","data":"{{{pdf}}}"}},{"type":"text","text":"Summarise the report."}]}]}""";
        await g.SetBudgetAsync("doc-small", 0.10m);
        int before = g["an"].CallCount;

        using HttpResponseMessage refused = await g.PostAsync(Messages, document, "doc-small");

        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        g["an"].CallCount.ShouldBe(before);

        // Sixty pages are reserved at 4,600 tokens each (3,000 text + a 1,600-token page image): under $10 it passes.
        await g.SetBudgetAsync("doc-big", 10m);
        using HttpResponseMessage served = await g.PostAsync(Messages, document, "doc-big");
        served.StatusCode.ShouldBe(HttpStatusCode.OK);
        LedgerDb.Cost((await g.RowsAsync("doc-big")).ShouldHaveSingleItem()).ShouldBe((150_000m * 3m + 100m * 15m) / 1_000_000m);

        // The document's bill teaches nothing about plain text: "hi" fits a fresh $0.50 budget.
        await g.SetBudgetAsync("doc-after", 0.50m);
        using HttpResponseMessage hi = await g.PostAsync(Messages, """{"model":"an/claude-sonnet-4-5","max_tokens":100,"messages":[{"role":"user","content":"hi"}]}""", "doc-after");
        hi.StatusCode.ShouldBe(HttpStatusCode.OK, await hi.Content.ReadAsStringAsync());
        decimal.Parse(hi.Headers.GetValues("x-purser-budget-remaining-usd").Single(), System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThan(0.49m);
    }

    [Fact]
    public async Task EditingABudget_KeepsTheReservationsOfCallsInFlight()
    {
        // Audit: $0.01 on project chg, 15 slow calls in flight, the budget's window changed → 16 more calls passed and the
        // ledger held $0.0186.
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var arrived = new SemaphoreSlim(0);
        g["oa"].Handler = async (http, request) =>
        {
            if (request.Body.Contains("slow", StringComparison.Ordinal))
            {
                arrived.Release();
                await gate.Task.WaitAsync(TimeSpan.FromSeconds(60), http.RequestAborted);
            }

            await AuditGateway.JsonAsync(http, AuditGateway.OpenAIAnswer("gpt-4.1", AuditGateway.OpenAIUsage(10, 80)));
        };
        static string Call(string text) => $$"""{"model":"oa/gpt-4.1","max_tokens":80,"messages":[{"role":"user","content":"{{text}}"}]}""";
        const string NoTiers = ",\"cheap_below\":\"0\",\"emergency_below\":\"0\""; // the route stays gpt-4.1 as the budget fills
        await g.SetBudgetAsync("chg", 0.01m, extra: NoTiers);
        using (HttpResponseMessage warm = await g.PostAsync(Chat, Call("warm up"), "chg"))
        {
            warm.StatusCode.ShouldBe(HttpStatusCode.OK); // the deployment's calibration probe, out of the way
        }

        // Fill the budget with calls in flight until one is refused.
        var inFlight = new List<Task<HttpResponseMessage>>();
        HttpStatusCode refusedStatus = HttpStatusCode.OK;
        string refusedBody = "";
        for (int i = 0; i < 40 && refusedStatus == HttpStatusCode.OK; i++)
        {
            Task<HttpResponseMessage> call = g.PostAsync(Chat, Call("slow " + i), "chg");
            Task<bool> arrival = arrived.WaitAsync(TimeSpan.FromSeconds(20));
            if (await Task.WhenAny(call, arrival) == call)
            {
                using HttpResponseMessage refused = await call;
                refusedStatus = refused.StatusCode;
                refusedBody = await refused.Content.ReadAsStringAsync();
            }
            else
            {
                (await arrival).ShouldBeTrue();
                inFlight.Add(call);
            }
        }

        refusedStatus.ShouldBe(HttpStatusCode.TooManyRequests, refusedBody);
        inFlight.Count.ShouldBeGreaterThan(5);

        await g.SetBudgetAsync("chg", 0.01m, window: "weekly", extra: NoTiers);
        using HttpResponseMessage afterEdit = await g.PostAsync(Chat, Call("after the edit"), "chg");
        afterEdit.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);

        gate.SetResult();
        foreach (Task<HttpResponseMessage> call in inFlight)
        {
            using HttpResponseMessage done = await call;
            done.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        // Each call: 10 × $2 + 80 × $8 per 1M = $0.00066.
        decimal each = (10m * 2m + 80m * 8m) / 1_000_000m;
        decimal spent = await g.SpentAsync("chg");
        spent.ShouldBe(each * (inFlight.Count + 1));
        spent.ShouldBeLessThanOrEqualTo(0.01m);
        JsonArray status = JsonNode.Parse(await g.Http.GetStringAsync("/api/budgets/status"))!.AsArray();
        JsonNode chg = status.Single(s => s!["name"]!.GetValue<string>() == "chg")!;
        chg["spent"]!.GetValue<decimal>().ShouldBe(spent);
        chg["reserved"]!.GetValue<decimal>().ShouldBe(0m);
    }

    [Fact]
    public async Task ARequestAboveTheCatalogsMaxOutput_IsReservedForWhatItAllows()
    {
        // Audit: claude-3-7-sonnet, max_tokens 128,000 with the output-128k beta under $1.50 → reserved $0.96, spent $1.92.
        g["an"].Handler = (http, request) => AuditGateway.JsonAsync(http, AuditGateway.AnthropicAnswer("claude-3-7-sonnet",
            AuditGateway.AnthropicUsage(12, request.Json["max_tokens"]!.GetValue<long>())));
        const string body = """{"model":"an/claude-3-7-sonnet","max_tokens":128000,"messages":[{"role":"user","content":"Write a very long story."}]}""";
        var beta = new Dictionary<string, string> { ["anthropic-beta"] = "output-128k-2025-02-19" };
        await g.SetBudgetAsync("beta-small", 1.50m);
        int before = g["an"].CallCount;

        using HttpResponseMessage refused = await g.PostAsync(Messages, body, "beta-small", beta);

        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        g["an"].CallCount.ShouldBe(before);

        await g.SetBudgetAsync("beta-room", 2m);
        using HttpResponseMessage served = await g.PostAsync(Messages, body, "beta-room", beta);
        served.StatusCode.ShouldBe(HttpStatusCode.OK);
        g["an"].LastRequest.Headers["anthropic-beta"].ShouldBe("output-128k-2025-02-19");
        LedgerDb.Cost((await g.RowsAsync("beta-room")).ShouldHaveSingleItem()).ShouldBe((12m * 3m + 128_000m * 15m) / 1_000_000m);
    }

    [Fact]
    public async Task TwoOutputLimits_TheLargerIsReserved_AndBothPassThroughUnchanged()
    {
        // Audit: max_completion_tokens 100 + max_tokens 16,000 under $0.01 → spent $0.16 (the upstream honoured 16,000).
        g["oa"].Handler = BillsTheLimit("gpt-4.1", prompt: 12);
        const string body = """{"model":"oa/gpt-4.1","max_completion_tokens":100,"max_tokens":16000,"messages":[{"role":"user","content":"Go on."}]}""";
        await g.SetBudgetAsync("limits-small", 0.01m);

        using HttpResponseMessage refused = await g.PostAsync(Chat, body, "limits-small");

        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        (await g.SpentAsync("limits-small")).ShouldBe(0m);

        await g.SetBudgetAsync("limits-room", 0.20m);
        using HttpResponseMessage served = await g.PostAsync(Chat, body, "limits-room");
        served.StatusCode.ShouldBe(HttpStatusCode.OK);
        JsonObject sent = g["oa"].LastRequest.Json;
        (sent["max_completion_tokens"]!.GetValue<int>(), sent["max_tokens"]!.GetValue<int>()).ShouldBe((100, 16000));
        LedgerDb.Cost((await g.RowsAsync("limits-room")).ShouldHaveSingleItem()).ShouldBe((12m * 2m + 16_000m * 8m) / 1_000_000m);
    }

    [Fact]
    public async Task AnthropicStreamCutByTheUpstream_IsRecordedWithWhatWasStreamed()
    {
        // Audit: an upstream cut after 288 deltas (≈ 576 tokens) was recorded as the 1-token placeholder of message_start.
        g["an"].Handler = async (http, _) =>
        {
            await WriteAnthropicStreamStartAsync(http, deltas: 288);
            // and the connection ends: no message_delta, no message_stop
        };

        using HttpResponseMessage response = await g.PostAsync(Messages, """{"model":"an/claude-sonnet-4-5","max_tokens":2000,"stream":true,"messages":[{"role":"user","content":"Count."}]}""", "cut");
        string body = await response.Content.ReadAsStringAsync();

        body.ShouldContain("\"type\":\"error\"");
        var row = (await g.RowsAsync("cut")).ShouldHaveSingleItem();
        AssertEstimatedFromTheStream(row);
    }

    [Fact]
    public async Task AnthropicStreamAbandonedByTheClient_IsRecordedWithWhatWasStreamed()
    {
        var sent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        g["an"].Handler = async (http, _) =>
        {
            await WriteAnthropicStreamStartAsync(http, deltas: 288);
            sent.TrySetResult();
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(60), http.RequestAborted); // the rest never comes before the client leaves
            }
            catch (OperationCanceledException)
            {
            }
        };

        using (HttpResponseMessage response = await g.PostAsync(Messages, """{"model":"an/claude-sonnet-4-5","max_tokens":2000,"stream":true,"messages":[{"role":"user","content":"Count."}]}""", "abort", completion: HttpCompletionOption.ResponseHeadersRead))
        {
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            int deltas = 0;
            while (deltas < 288 && await reader.ReadLineAsync() is { } line)
            {
                deltas += line.StartsWith("event: content_block_delta", StringComparison.Ordinal) ? 1 : 0;
            }

            deltas.ShouldBe(288);
            await sent.Task.WaitAsync(TimeSpan.FromSeconds(20));
        }

        // The client is gone: the gateway finishes the call on its own.
        List<Dictionary<string, object?>> rows = [];
        await AuditGateway.WaitUntilAsync(async () => (rows = await g.RowsAsync("abort")).Count == 1, "the abandoned stream's ledger row");
        AssertEstimatedFromTheStream(rows[0]);
    }

    [Fact]
    public async Task OneHourCacheWrites_ArePricedAtTwiceTheInputPrice()
    {
        // Audit: 100K one-hour writes cost $0.606 and were recorded as $0.381 (the 5-minute price).
        g["an"].Handler = (http, request) => request.Json["stream"]?.GetValue<bool>() == true
            ? WriteAnthropicCachedStreamAsync(http)
            : AuditGateway.JsonAsync(http, AuditGateway.AnthropicAnswer("claude-sonnet-4-5", AuditGateway.AnthropicUsage(1_000, 200, write1h: 100_000)));
        decimal expected = (1_000m * 3m + 100_000m * 6m + 200m * 15m) / 1_000_000m;
        expected.ShouldBe(0.606m);

        foreach (bool stream in new[] { false, true })
        {
            string project = stream ? "cache1h-stream" : "cache1h";
            using HttpResponseMessage response = await g.PostAsync(Messages, $$$"""{"model":"an/claude-sonnet-4-5","max_tokens":300,"stream":{{{(stream ? "true" : "false")}}},"messages":[{"role":"user","content":[{"type":"text","text":"long context","cache_control":{"type":"ephemeral","ttl":"1h"}}]}]}""", project);
            string body = await response.Content.ReadAsStringAsync();
            response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
            var row = (await g.RowsAsync(project)).ShouldHaveSingleItem();
            row["cache_write_tokens"].ShouldBe(100_000L);
            LedgerDb.Cost(row).ShouldBe(expected, $"stream: {stream}");
        }
    }

    [Fact]
    public async Task XaiReasoning_OutsideCompletionTokens_IsBilledAsOutput()
    {
        // Audit: grok-3-mini, 50 completion + 500 reasoning tokens: $0.000575 billed, $0.000325 recorded.
        foreach (bool withTotal in new[] { true, false })
        {
            JsonObject usage = AuditGateway.OpenAIUsage(1_000, 50, reasoning: 500, withTotal: false);
            if (withTotal)
            {
                usage["total_tokens"] = 1_550; // xAI: prompt + completion + reasoning
            }

            g["xai"].Handler = (http, _) => AuditGateway.JsonAsync(http, AuditGateway.OpenAIAnswer("grok-3-mini", usage));
            string project = withTotal ? "xai-total" : "xai-no-total";

            using HttpResponseMessage response = await g.PostAsync(Chat, """{"model":"xai/grok-3-mini","messages":[{"role":"user","content":"Think."}]}""", project);

            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            var row = (await g.RowsAsync(project)).ShouldHaveSingleItem();
            (row["output_tokens"], row["reasoning_tokens"]).ShouldBe((550L, 500L));
            LedgerDb.Cost(row).ShouldBe((1_000m * 0.30m + 550m * 0.50m) / 1_000_000m);
            LedgerDb.Cost(row).ShouldBe(0.000575m);
        }
    }

    [Fact]
    public async Task ABilled200WithAMalformedBody_KeepsTheUsageItReports()
    {
        // Audit: {"choices":"oops","usage":{"prompt_tokens":5000,"completion_tokens":90}} → 0 tokens, $0.
        g["oa"].Handler = (http, _) => AuditGateway.JsonAsync(http, """{"choices":"oops","usage":{"prompt_tokens":5000,"completion_tokens":90}}""");

        using HttpResponseMessage response = await g.PostAsync(Chat, """{"model":"oa/gpt-4.1","messages":[{"role":"user","content":"hi"}]}""", "malformed");

        response.StatusCode.ShouldBe(HttpStatusCode.BadGateway);
        var row = (await g.RowsAsync("malformed")).ShouldHaveSingleItem();
        (row["input_tokens"], row["output_tokens"], row["outcome"]).ShouldBe((5_000L, 90L, "invalid_response"));
        LedgerDb.Cost(row).ShouldBe((5_000m * 2m + 90m * 8m) / 1_000_000m);
        var attempt = LedgerDb.Rows(g.Gateway.Home, $"SELECT * FROM ledger_attempts WHERE ledger_id = {row["id"]}").ShouldHaveSingleItem();
        LedgerDb.Cost(attempt).ShouldBe(0.01072m);
    }

    [Fact]
    public async Task UnpricedCalls_ShowAsUnknown_InReportsAndSoftBudgets()
    {
        g["oa"].Handler = (http, _) => AuditGateway.JsonAsync(http, AuditGateway.OpenAIAnswer("mystery-model", AuditGateway.OpenAIUsage(100, 20)));
        await g.SetBudgetAsync("unpriced", 1m, mode: "soft");
        for (int i = 0; i < 2; i++)
        {
            using HttpResponseMessage response = await g.PostAsync(Chat, """{"model":"oa/mystery-model","messages":[{"role":"user","content":"hi"}]}""", "unpriced");
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        await g.FlushLedgerAsync();
        JsonNode report = JsonNode.Parse(await g.Http.GetStringAsync("/api/costs?period=24h&by=model"))!;
        JsonNode group = report["report"]!["groups"]!.AsArray().Single(x => x!["key"]!.GetValue<string>() == "oa/mystery-model")!;
        group["totals"]!["cost_usd"].ShouldBeNull();
        group["totals"]!["known_cost_usd"]!.GetValue<decimal>().ShouldBe(0m);
        group["totals"]!["unknown_cost_calls"]!.GetValue<long>().ShouldBe(2);

        using var cli = new Purser.Cli.Tests.CliRunner();
        var (tableCode, table) = await cli.RunAsync("costs", "--period", "24h", "--by", "model", "--server", g.Gateway.Url, "--key", GatewayServer.TestMasterKey);
        var (csvCode, csv) = await cli.RunAsync("costs", "--period", "24h", "--by", "model", "--csv", "--server", g.Gateway.Url, "--key", GatewayServer.TestMasterKey);
        var (jsonCode, json) = await cli.RunAsync("costs", "--period", "24h", "--by", "model", "--json", "--server", g.Gateway.Url, "--key", GatewayServer.TestMasterKey);
        (tableCode, csvCode, jsonCode).ShouldBe((0, 0, 0), table + csv + json);
        table.Split('\n').Where(l => l.Contains("oa/mystery-model", StringComparison.Ordinal)).ShouldContain(l => l.Contains("— (2 unpriced)", StringComparison.Ordinal));
        csv.Split('\n').Single(l => l.StartsWith("oa/mystery-model,", StringComparison.Ordinal)).Split(',')[9..12].ShouldBe(["", "0", "2"]);
        JsonNode.Parse(json)!["report"]!["groups"]!.AsArray().Single(x => x!["key"]!.GetValue<string>() == "oa/mystery-model")!["totals"]!["cost_usd"].ShouldBeNull();

        // The soft budget does not count them as $0 silently: it counts them apart.
        JsonNode budget = JsonNode.Parse(await g.Http.GetStringAsync("/api/budgets/status"))!.AsArray().Single(b => b!["name"]!.GetValue<string>() == "unpriced")!;
        (budget["spent"]!.GetValue<decimal>(), budget["unpriced_calls"]!.GetValue<long>()).ShouldBe((0m, 2L));
    }

    [Fact]
    public async Task ATranslatedCallWithoutMaxTokens_IsReservedForTheLimitActuallySent()
    {
        // Audit: Sonnet through /v1/chat/completions without max_tokens reserved 64K output ($0.96) but sent 4,096;
        // a fresh $0.50 budget refused it.
        g["an"].Handler = (http, _) => AuditGateway.JsonAsync(http, AuditGateway.AnthropicAnswer("claude-sonnet-4-5", AuditGateway.AnthropicUsage(12, 100)));
        await g.SetBudgetAsync("sent", 0.50m);

        using HttpResponseMessage response = await g.PostAsync(Chat, """{"model":"an/claude-sonnet-4-5","messages":[{"role":"user","content":"hi"}]}""", "sent");

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        g["an"].LastRequest.Json["max_tokens"]!.GetValue<int>().ShouldBe(4096);
        LedgerDb.Cost((await g.RowsAsync("sent")).ShouldHaveSingleItem()).ShouldBe((12m * 3m + 100m * 15m) / 1_000_000m);
    }

    /// <summary>
    /// The row of a stream that ended without its final usage: input as message_start reported it, output counted from
    /// the 288 deltas of two words each (at least 576 tokens), marked estimated, priced at sonnet's $3 / $15.
    /// </summary>
    private static void AssertEstimatedFromTheStream(Dictionary<string, object?> row)
    {
        row["input_tokens"].ShouldBe(20L);
        long output = (long)row["output_tokens"]!;
        output.ShouldBeGreaterThanOrEqualTo(576);
        row["cost_estimated"].ShouldBe(1L);
        LedgerDb.Cost(row).ShouldBe((20m * 3m + output * 15m) / 1_000_000m);
    }

    private static async Task WriteAnthropicStreamStartAsync(HttpContext http, int deltas)
    {
        http.Response.ContentType = "text/event-stream";
        var usage = new JsonObject { ["input_tokens"] = 20, ["cache_creation_input_tokens"] = 0, ["cache_read_input_tokens"] = 0, ["output_tokens"] = 1 };
        await Event(http, "message_start", new JsonObject { ["type"] = "message_start", ["message"] = Message(usage) });
        await Event(http, "content_block_start", new JsonObject { ["type"] = "content_block_start", ["index"] = 0, ["content_block"] = new JsonObject { ["type"] = "text", ["text"] = "" } });
        for (int i = 0; i < deltas; i++)
        {
            await Event(http, "content_block_delta", new JsonObject { ["type"] = "content_block_delta", ["index"] = 0, ["delta"] = new JsonObject { ["type"] = "text_delta", ["text"] = " alpha beta" } });
        }
    }

    private static async Task WriteAnthropicCachedStreamAsync(HttpContext http)
    {
        http.Response.ContentType = "text/event-stream";
        JsonObject usage = AuditGateway.AnthropicUsage(1_000, 1, write1h: 100_000);
        await Event(http, "message_start", new JsonObject { ["type"] = "message_start", ["message"] = Message(usage) });
        await Event(http, "content_block_start", new JsonObject { ["type"] = "content_block_start", ["index"] = 0, ["content_block"] = new JsonObject { ["type"] = "text", ["text"] = "" } });
        await Event(http, "content_block_delta", new JsonObject { ["type"] = "content_block_delta", ["index"] = 0, ["delta"] = new JsonObject { ["type"] = "text_delta", ["text"] = "answer" } });
        await Event(http, "content_block_stop", new JsonObject { ["type"] = "content_block_stop", ["index"] = 0 });
        await Event(http, "message_delta", new JsonObject { ["type"] = "message_delta", ["delta"] = new JsonObject { ["stop_reason"] = "end_turn", ["stop_sequence"] = null }, ["usage"] = new JsonObject { ["output_tokens"] = 200 } });
        await Event(http, "message_stop", new JsonObject { ["type"] = "message_stop" });
    }

    private static JsonObject Message(JsonObject usage) => new()
    {
        ["id"] = "msg_audit",
        ["type"] = "message",
        ["role"] = "assistant",
        ["model"] = "claude-sonnet-4-5",
        ["content"] = new JsonArray(),
        ["stop_reason"] = null,
        ["stop_sequence"] = null,
        ["usage"] = usage,
    };

    private static async Task Event(HttpContext http, string name, JsonObject data)
    {
        await http.Response.WriteAsync($"event: {name}\ndata: {data.ToJsonString()}\n\n");
        await http.Response.Body.FlushAsync();
    }
}
