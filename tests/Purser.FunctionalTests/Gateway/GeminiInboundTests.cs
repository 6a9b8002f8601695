using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Purser.FunctionalTests.Infrastructure;

namespace Purser.FunctionalTests.Gateway;

/// <summary>
/// The Gemini API inbound (/v1beta/models/{model}:generateContent, :streamGenerateContent, :countTokens, the model
/// list) through the real gateway onto a fake upstream of each kind: passthrough onto Gemini, translation onto the others.
/// </summary>
public sealed class GeminiInboundTests(GeminiInboundTests.Gateways gateways) : IClassFixture<GeminiInboundTests.Gateways>
{
    private const string Path = "/v1beta/models/" + GatewayHarness.Model;

    private static readonly FakeAnswer WeatherCall = new("") { ToolCalls = [new FakeToolCall("call_w1", "get_weather", """{"city":"Rome"}""")] };

    private const string WeatherTools = """
        "tools":[{"functionDeclarations":[{"name":"get_weather","description":"Weather now",
          "parametersJsonSchema":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}]}]
        """;

    [Theory]
    [MemberData(nameof(Wires.All), MemberType = typeof(Wires))]
    public async Task GenerateContent_ReturnsGeminiAnswerWithUsage_AndRecordsTheGeminiProtocol(string wire)
    {
        GatewayHarness h = await gateways.ForAsync(wire);
        h.Scenario.Answer = new FakeAnswer("Ciao from upstream.");

        var (status, body, response) = await PostAsync(h, ":generateContent", """{"contents":[{"role":"user","parts":[{"text":"hello"}]}]}""");

        status.ShouldBe(HttpStatusCode.OK, body);
        JsonObject answer = JsonNode.Parse(body)!.AsObject();
        answer["candidates"]![0]!["content"]!["parts"]![0]!["text"]!.GetValue<string>().ShouldBe("Ciao from upstream.");
        answer["candidates"]![0]!["finishReason"]!.GetValue<string>().ShouldBe("STOP");
        answer["usageMetadata"]!["promptTokenCount"]!.GetValue<int>().ShouldBe(120);
        int reasoning = wire == "anthropic" ? 0 : 10; // Anthropic does not count thinking apart
        (answer["usageMetadata"]!["thoughtsTokenCount"]?.GetValue<int>() ?? 0).ShouldBe(reasoning);
        answer["usageMetadata"]!["candidatesTokenCount"]!.GetValue<int>().ShouldBe(40 - reasoning);
        response.Headers.GetValues("x-purser-provider").Single().ShouldBe(GatewayHarness.Provider);
        string requestId = response.Headers.GetValues("x-purser-request-id").Single();
        var row = LedgerDb.Rows(h.Gateway.Home, $"SELECT protocol, model, input_tokens, output_tokens FROM ledger WHERE request_id = '{requestId}'").Single();
        row["protocol"].ShouldBe("gemini");
        row["input_tokens"].ShouldBe(120L);
    }

    [Theory]
    [MemberData(nameof(Wires.All), MemberType = typeof(Wires))]
    public async Task StreamGenerateContent_Sse_StreamsTextAndEndsWithFinishReasonAndUsage(string wire)
    {
        GatewayHarness h = await gateways.ForAsync(wire);
        h.Scenario.Answer = new FakeAnswer("Streaming from upstream, piece by piece.");

        var (status, body, response) = await PostAsync(h, ":streamGenerateContent?alt=sse", """{"contents":[{"role":"user","parts":[{"text":"hello"}]}]}""");

        status.ShouldBe(HttpStatusCode.OK, body);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/event-stream");
        body.ShouldNotContain("\n:"); // no SSE comments: the Gemini SDKs' readers take only data lines
        List<JsonObject> chunks = [.. Sse.JsonData(Sse.Parse(body))];
        string.Concat(chunks.SelectMany(Parts).Select(p => p["text"]?.GetValue<string>() ?? "")).ShouldBe("Streaming from upstream, piece by piece.");
        chunks[^1]["candidates"]![0]!["finishReason"]!.GetValue<string>().ShouldBe("STOP");
        chunks[^1]["usageMetadata"]!["promptTokenCount"]!.GetValue<int>().ShouldBe(120);
    }

    [Theory]
    [MemberData(nameof(Wires.All), MemberType = typeof(Wires))]
    public async Task StreamGenerateContent_WithoutAltSse_IsOneJsonArray(string wire)
    {
        GatewayHarness h = await gateways.ForAsync(wire);
        h.Scenario.Answer = new FakeAnswer("An array of pieces.");

        var (status, body, response) = await PostAsync(h, ":streamGenerateContent", """{"contents":[{"role":"user","parts":[{"text":"hello"}]}]}""");

        status.ShouldBe(HttpStatusCode.OK, body);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        JsonArray chunks = JsonNode.Parse(body)!.AsArray();
        string.Concat(chunks.Select(c => c!.AsObject()).SelectMany(Parts).Select(p => p["text"]?.GetValue<string>() ?? "")).ShouldBe("An array of pieces.");
        chunks[^1]!["candidates"]![0]!["finishReason"]!.GetValue<string>().ShouldBe("STOP");
    }

    [Theory]
    [MemberData(nameof(Wires.All), MemberType = typeof(Wires))]
    public async Task FunctionCall_RoundTrip_TheResultReachesTheUpstreamAsItsOwnToolResult(string wire)
    {
        GatewayHarness h = await gateways.ForAsync(wire);
        h.Scenario.Answer = WeatherCall;

        var (status, body, _) = await PostAsync(h, ":generateContent", $$"""{"contents":[{"role":"user","parts":[{"text":"weather in Rome?"}]}],{{WeatherTools}}}""");

        status.ShouldBe(HttpStatusCode.OK, body);
        JsonObject call = JsonNode.Parse(body)!["candidates"]![0]!["content"]!["parts"]![0]!["functionCall"]!.AsObject();
        call["name"]!.GetValue<string>().ShouldBe("get_weather");
        call["args"]!["city"]!.GetValue<string>().ShouldBe("Rome");
        string? id = call["id"]?.GetValue<string>(); // Gemini itself names no call; the others do

        h.Scenario.Answer = new FakeAnswer("It is sunny in Rome.");
        string idField = id is null ? "" : $"\"id\":\"{id}\",";
        string history = """
            {"contents":[{"role":"user","parts":[{"text":"weather in Rome?"}]},
              {"role":"model","parts":[{"functionCall":{ID"name":"get_weather","args":{"city":"Rome"}}}]},
              {"role":"user","parts":[{"functionResponse":{ID"name":"get_weather","response":{"output":"sunny, 24 C"}}}]}],
            """.Replace("ID", idField, StringComparison.Ordinal);
        (status, body, _) = await PostAsync(h, ":generateContent", history + WeatherTools + "}");

        status.ShouldBe(HttpStatusCode.OK, body);
        JsonNode.Parse(body)!["candidates"]![0]!["content"]!["parts"]![0]!["text"]!.GetValue<string>().ShouldBe("It is sunny in Rome.");
        JsonObject sent = h.Upstream.LastRequest.Json;
        switch (wire)
        {
            case "openai":
                JsonArray messages = sent["messages"]!.AsArray();
                messages.Select(m => m!["role"]!.GetValue<string>()).ShouldBe(["user", "assistant", "tool"]);
                messages[2]!["tool_call_id"]!.GetValue<string>().ShouldBe(messages[1]!["tool_calls"]![0]!["id"]!.GetValue<string>());
                messages[2]!["content"]!.GetValue<string>().ShouldBe("sunny, 24 C");
                sent["tools"]![0]!["function"]!["parameters"]!["properties"]!["city"]!["type"]!.GetValue<string>().ShouldBe("string");
                break;
            case "anthropic":
                JsonArray turns = sent["messages"]!.AsArray();
                string useId = turns[1]!["content"]![0]!["id"]!.GetValue<string>();
                turns[2]!["content"]![0]!["type"]!.GetValue<string>().ShouldBe("tool_result");
                turns[2]!["content"]![0]!["tool_use_id"]!.GetValue<string>().ShouldBe(useId);
                turns[2]!["content"]![0]!["content"]!.GetValue<string>().ShouldBe("sunny, 24 C");
                break;
            default:
                // Passthrough: the client's own body.
                sent["contents"]![2]!["parts"]![0]!["functionResponse"]!["response"]!["output"]!.GetValue<string>().ShouldBe("sunny, 24 C");
                sent["tools"]![0]!["functionDeclarations"]![0]!["parametersJsonSchema"].ShouldNotBeNull();
                break;
        }
    }

    [Theory]
    [MemberData(nameof(Wires.All), MemberType = typeof(Wires))]
    public async Task StreamedFunctionCall_ComesWholeBeforeTheFinish(string wire)
    {
        GatewayHarness h = await gateways.ForAsync(wire);
        h.Scenario.Answer = WeatherCall;

        var (status, body, _) = await PostAsync(h, ":streamGenerateContent?alt=sse", $$"""{"contents":[{"role":"user","parts":[{"text":"weather?"}]}],{{WeatherTools}}}""");

        status.ShouldBe(HttpStatusCode.OK, body);
        List<JsonObject> chunks = [.. Sse.JsonData(Sse.Parse(body))];
        JsonObject call = chunks.SelectMany(Parts).Single(p => p["functionCall"] is not null)["functionCall"]!.AsObject();
        call["name"]!.GetValue<string>().ShouldBe("get_weather");
        call["args"]!["city"]!.GetValue<string>().ShouldBe("Rome");
        chunks[^1]["candidates"]![0]!["finishReason"]!.GetValue<string>().ShouldBe("STOP");
    }

    [Theory]
    [InlineData("openai", "x-purser-dropped-fields", true)]
    [InlineData("anthropic", "x-purser-dropped-fields", true)]
    [InlineData("gemini", "x-purser-dropped-fields", false)]
    public async Task SafetySettings_PassedToGemini_DroppedAndNamedElsewhere(string wire, string header, bool dropped)
    {
        GatewayHarness h = await gateways.ForAsync(wire);
        h.Scenario.Answer = new FakeAnswer("ok");

        var (status, body, response) = await PostAsync(h, ":generateContent", """
            {"contents":[{"role":"user","parts":[{"text":"hello"}]}],
             "safetySettings":[{"category":"HARM_CATEGORY_HARASSMENT","threshold":"BLOCK_NONE"}],
             "generationConfig":{"temperature":0.4,"maxOutputTokens":77}}
            """);

        status.ShouldBe(HttpStatusCode.OK, body);
        if (dropped)
        {
            response.Headers.GetValues(header).Single().ShouldBe("safetySettings");
            h.Upstream.LastRequest.Body.ShouldNotContain("HARM_CATEGORY");
            h.Upstream.LastRequest.Body.ShouldContain("77");
        }
        else
        {
            response.Headers.Contains(header).ShouldBeFalse();
            h.Upstream.LastRequest.Json["safetySettings"]![0]!["threshold"]!.GetValue<string>().ShouldBe("BLOCK_NONE");
            h.Upstream.LastRequest.Json["generationConfig"]!["maxOutputTokens"]!.GetValue<int>().ShouldBe(77);
        }
    }

    [Fact]
    public async Task BuiltInTool_OntoAnotherUpstream_Is400InGeminiFormatNamingIt()
    {
        GatewayHarness h = await gateways.ForAsync("openai");
        int before = h.Upstream.CallCount;

        var (status, body, _) = await PostAsync(h, ":generateContent", """{"contents":[{"parts":[{"text":"news?"}]}],"tools":[{"googleSearch":{}}]}""");

        status.ShouldBe(HttpStatusCode.BadRequest);
        JsonObject error = JsonNode.Parse(body)!["error"]!.AsObject();
        error["code"]!.GetValue<int>().ShouldBe(400);
        error["status"]!.GetValue<string>().ShouldBe("INVALID_ARGUMENT");
        error["message"]!.GetValue<string>().ShouldContain("googleSearch");
        h.Upstream.CallCount.ShouldBe(before);
    }

    [Theory]
    [InlineData("/v1beta/models/nobody-serves-this:generateContent", """{"contents":[{"parts":[{"text":"x"}]}]}""", 404, "NOT_FOUND")]
    [InlineData("/v1beta/models/fake-model:generateContent", """{"contents":[]}""", 400, "INVALID_ARGUMENT")]
    [InlineData("/v1beta/models/fake-model:generateContent", """{"contents":[{"role":"wizard","parts":[{"text":"x"}]}]}""", 400, "INVALID_ARGUMENT")]
    [InlineData("/v1beta/models/fake-model:frobnicate", """{}""", 404, "NOT_FOUND")]
    [InlineData("/v1beta/tunedModels", """{}""", 404, "NOT_FOUND")]
    public async Task BadRequests_AreGeminiErrors(string path, string json, int code, string statusName)
    {
        GatewayHarness h = await gateways.ForAsync("openai");
        using HttpClient http = h.Gateway.CreateClient();

        using HttpResponseMessage response = await http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

        string body = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).ShouldBe(code, body);
        JsonNode error = JsonNode.Parse(body)!["error"]!;
        error["code"]!.GetValue<int>().ShouldBe(code);
        error["status"]!.GetValue<string>().ShouldBe(statusName);
    }

    [Fact]
    public async Task ModelNames_GeminiStyleAndPursersOwnUrlEncoded_AllRoute()
    {
        GatewayHarness h = await gateways.ForAsync("openai");
        h.Scenario.Answer = new FakeAnswer("routed");
        foreach (string model in (string[])["fake-model", "models/fake-model", "up%2Ffake-model", "up/fake-model"])
        {
            using HttpClient http = h.Gateway.CreateClient();
            using HttpResponseMessage response = await http.PostAsync($"/v1beta/models/{model}:generateContent", new StringContent("""{"contents":[{"parts":[{"text":"x"}]}]}""", Encoding.UTF8, "application/json"));

            response.StatusCode.ShouldBe(HttpStatusCode.OK, model + ": " + await response.Content.ReadAsStringAsync());
            response.Headers.GetValues("x-purser-model").Single().ShouldBe(GatewayHarness.Model);
        }
    }

    [Fact]
    public async Task CountTokens_AndModelList_AnswerInGeminiShapes()
    {
        GatewayHarness h = await gateways.ForAsync("gemini");
        int before = h.Upstream.CallCount;
        using HttpClient http = h.Gateway.CreateClient();

        using HttpResponseMessage count = await http.PostAsync(Path + ":countTokens", new StringContent("""{"contents":[{"parts":[{"text":"count these tokens please"}]}]}""", Encoding.UTF8, "application/json"));
        using HttpResponseMessage wrapped = await http.PostAsync(Path + ":countTokens", new StringContent("""{"generateContentRequest":{"model":"models/x","contents":[{"parts":[{"text":"count these tokens please"}]}]}}""", Encoding.UTF8, "application/json"));
        string list = await http.GetStringAsync("/v1beta/models");
        string one = await http.GetStringAsync("/v1beta/models/up%2Ffake-model");

        int tokens = JsonNode.Parse(await count.Content.ReadAsStringAsync())!["totalTokens"]!.GetValue<int>();
        tokens.ShouldBeGreaterThan(0);
        JsonNode.Parse(await wrapped.Content.ReadAsStringAsync())!["totalTokens"]!.GetValue<int>().ShouldBe(tokens);
        JsonNode.Parse(list)!["models"]!.AsArray().Select(m => m!["name"]!.GetValue<string>()).ShouldContain("models/up/fake-model");
        JsonNode.Parse(one)!["supportedGenerationMethods"]!.AsArray().Select(m => m!.GetValue<string>()).ShouldContain("streamGenerateContent");
        h.Upstream.CallCount.ShouldBe(before); // counted locally
    }

    [Fact]
    public async Task RequireKeys_VirtualKeyAsGoogApiKeyHeaderOrKeyQuery_Works_AndAMissingKeyIsAGemini401()
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(new OpenAIUpstreamWire(), config =>
        {
            config["Purser:Auth:MasterKey"] = "master-for-gemini-tests";
            config["Purser:Auth:RequireKeys"] = "true";
        });
        h.Scenario.Answer = new FakeAnswer("keyed");
        using HttpClient admin = h.Gateway.CreateClient();
        admin.DefaultRequestHeaders.Add("x-purser-master-key", "master-for-gemini-tests");
        using HttpResponseMessage created = await admin.PostAsync("/api/keys", new StringContent("""{"name":"gemini-cli","project":"gem"}""", Encoding.UTF8, "application/json"));
        string key = JsonNode.Parse(await created.Content.ReadAsStringAsync())!["key"]!.GetValue<string>();
        const string Body = """{"contents":[{"parts":[{"text":"x"}]}]}""";
        using HttpClient http = h.Gateway.CreateClient();

        using HttpResponseMessage none = await http.PostAsync(Path + ":generateContent", new StringContent(Body, Encoding.UTF8, "application/json"));
        using var headerRequest = new HttpRequestMessage(HttpMethod.Post, Path + ":generateContent") { Content = new StringContent(Body, Encoding.UTF8, "application/json") };
        headerRequest.Headers.Add("x-goog-api-key", key);
        using HttpResponseMessage byHeader = await http.SendAsync(headerRequest);
        using HttpResponseMessage byQuery = await http.PostAsync(Path + ":generateContent?key=" + Uri.EscapeDataString(key), new StringContent(Body, Encoding.UTF8, "application/json"));

        none.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        JsonNode.Parse(await none.Content.ReadAsStringAsync())!["error"]!["status"]!.GetValue<string>().ShouldBe("UNAUTHENTICATED");
        byHeader.StatusCode.ShouldBe(HttpStatusCode.OK, await byHeader.Content.ReadAsStringAsync());
        byQuery.StatusCode.ShouldBe(HttpStatusCode.OK, await byQuery.Content.ReadAsStringAsync());
        LedgerDb.Rows(h.Gateway.Home, "SELECT project FROM ledger WHERE status = 200").Select(r => r["project"]).ShouldBe(["gem", "gem"]);
    }

    private static IEnumerable<JsonObject> Parts(JsonObject chunk) =>
        chunk["candidates"]?[0]?["content"]?["parts"]?.AsArray().Select(p => p!.AsObject()) ?? [];

    private static async Task<(HttpStatusCode Status, string Body, HttpResponseMessage Response)> PostAsync(GatewayHarness h, string method, string json)
    {
        using HttpClient http = h.Gateway.CreateClient();
        HttpResponseMessage response = await http.PostAsync(Path + method, new StringContent(json, Encoding.UTF8, "application/json"));
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }

    /// <summary>One gateway per upstream kind, shared by the class's tests (caching off: every call reaches the upstream).</summary>
    public sealed class Gateways : IAsyncDisposable
    {
        private readonly Dictionary<string, GatewayHarness> _harnesses = [];
        private readonly SemaphoreSlim _lock = new(1, 1);

        public async Task<GatewayHarness> ForAsync(string wire)
        {
            await _lock.WaitAsync();
            try
            {
                if (!_harnesses.TryGetValue(wire, out GatewayHarness? harness))
                {
                    harness = await GatewayHarness.StartAsync(Wires.Create(wire), config => config["Purser:Cache:Enabled"] = "false");
                    _harnesses[wire] = harness;
                }

                return harness;
            }
            finally
            {
                _lock.Release();
            }
        }

        public async ValueTask DisposeAsync()
        {
            foreach (GatewayHarness harness in _harnesses.Values)
            {
                await harness.DisposeAsync();
            }

            _lock.Dispose();
        }
    }
}
