using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Purser.FunctionalTests.Infrastructure;

namespace Purser.FunctionalTests.Gateway;

/// <summary>
/// POST /v1/responses on the wire, against every upstream kind: translated onto Chat Completions, Anthropic and Gemini,
/// passed through to an OpenAI provider with the Responses API. The SDK-level tests are in ResponsesClientTests and the
/// npm harness.
/// </summary>
public sealed class ResponsesInboundTests(ResponsesHarnesses harnesses) : IClassFixture<ResponsesHarnesses>
{
    private static readonly JsonObject WeatherTool = new()
    {
        ["type"] = "function",
        ["name"] = "get_weather",
        ["description"] = "The weather in a city.",
        ["parameters"] = new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { ["city"] = new JsonObject { ["type"] = "string" } }, ["required"] = new JsonArray("city") },
    };

    [Theory]
    [MemberData(nameof(ResponsesHarnesses.All), MemberType = typeof(ResponsesHarnesses))]
    public async Task Create_NonStreaming_ReturnsTheResponseObjectWithUsage(string wire)
    {
        GatewayHarness h = await harnesses.GetAsync(wire);
        h.Scenario.Answer = new FakeAnswer("Bonjour from upstream.");

        var (status, body, headers) = await PostAsync(h, new JsonObject { ["model"] = GatewayHarness.Model, ["instructions"] = "Answer in French.", ["input"] = "Say hello" });

        status.ShouldBe(HttpStatusCode.OK, body);
        JsonObject response = JsonNode.Parse(body)!.AsObject();
        response["object"]!.GetValue<string>().ShouldBe("response");
        response["status"]!.GetValue<string>().ShouldBe("completed");
        response["id"]!.GetValue<string>().ShouldStartWith("resp_");
        JsonObject message = response["output"]!.AsArray().Single()!.AsObject();
        message["type"]!.GetValue<string>().ShouldBe("message");
        message["role"]!.GetValue<string>().ShouldBe("assistant");
        message["content"]![0]!["type"]!.GetValue<string>().ShouldBe("output_text");
        message["content"]![0]!["text"]!.GetValue<string>().ShouldBe("Bonjour from upstream.");
        response["usage"]!["input_tokens"]!.GetValue<long>().ShouldBe(120);
        response["usage"]!["input_tokens_details"]!["cached_tokens"]!.GetValue<long>().ShouldBe(20);
        response["usage"]!["output_tokens"]!.GetValue<long>().ShouldBe(40);
        headers["x-purser-provider"].ShouldBe(GatewayHarness.Provider);
        headers["x-purser-cost-usd"].ShouldNotBe("pending");

        string sent = h.Upstream.LastRequest.Body;
        sent.ShouldContain("Answer in French.");
        sent.ShouldContain("Say hello");
        h.Upstream.LastRequest.PathAndQuery.Contains("/responses", StringComparison.Ordinal).ShouldBe(wire == "responses");

        Dictionary<string, object?> row = await LedgerRowAsync(h, headers["x-purser-request-id"]);
        row["protocol"].ShouldBe("responses");
        row["input_tokens"].ShouldBe(120L);
        row["output_tokens"].ShouldBe(40L);
    }

    [Theory]
    [MemberData(nameof(ResponsesHarnesses.All), MemberType = typeof(ResponsesHarnesses))]
    public async Task Create_Streaming_EmitsTheFullEventSequenceNumberedFromZero(string wire)
    {
        GatewayHarness h = await harnesses.GetAsync(wire);
        h.Scenario.Answer = new FakeAnswer("Streaming through Purser in pieces.");

        var (status, body, headers) = await PostAsync(h, new JsonObject { ["model"] = GatewayHarness.Model, ["input"] = "stream please", ["stream"] = true });

        status.ShouldBe(HttpStatusCode.OK, body);
        headers["content-type"].ShouldStartWith("text/event-stream");
        List<JsonObject> events = EventsOf(body);
        events.Select(e => e["sequence_number"]!.GetValue<long>()).ShouldBe(Enumerable.Range(0, events.Count).Select(i => (long)i));
        events[0]["type"]!.GetValue<string>().ShouldBe("response.created");
        events[1]["type"]!.GetValue<string>().ShouldBe("response.in_progress");
        events[^1]["type"]!.GetValue<string>().ShouldBe("response.completed");
        List<string> types = [.. events.Select(e => e["type"]!.GetValue<string>())];
        types.ShouldContain("response.output_item.added");
        types.ShouldContain("response.content_part.added");
        types.ShouldContain("response.output_text.done");
        types.ShouldContain("response.output_item.done");
        string itemId = events.First(e => e["type"]!.GetValue<string>() == "response.output_item.added")["item"]!["id"]!.GetValue<string>();
        var deltas = events.Where(e => e["type"]!.GetValue<string>() == "response.output_text.delta").ToList();
        deltas.ShouldAllBe(d => d["item_id"]!.GetValue<string>() == itemId);
        string.Concat(deltas.Select(d => d["delta"]!.GetValue<string>())).ShouldBe("Streaming through Purser in pieces.");
        JsonObject completed = events[^1]["response"]!.AsObject();
        completed["status"]!.GetValue<string>().ShouldBe("completed");
        completed["output"]![0]!["content"]![0]!["text"]!.GetValue<string>().ShouldBe("Streaming through Purser in pieces.");
        completed["usage"]!["output_tokens"]!.GetValue<long>().ShouldBe(40);
        completed["id"]!.GetValue<string>().ShouldBe(events[0]["response"]!["id"]!.GetValue<string>());
        body.ShouldContain(": x-purser-cost-usd=");
        body.ShouldNotContain("[DONE]");

        Dictionary<string, object?> row = await LedgerRowAsync(h, headers["x-purser-request-id"]);
        row["protocol"].ShouldBe("responses");
        row["stream"].ShouldBe(1L);
        row["output_tokens"].ShouldBe(40L);
    }

    [Theory]
    [MemberData(nameof(ResponsesHarnesses.All), MemberType = typeof(ResponsesHarnesses))]
    public async Task ToolCall_RoundTrip_CallComesBackAndItsOutputReachesTheUpstream(string wire)
    {
        GatewayHarness h = await harnesses.GetAsync(wire);
        h.Scenario.Answer = new FakeAnswer("") { ToolCalls = [new FakeToolCall("call_9", "get_weather", """{"city":"Rome"}""")] };

        var (status, body, _) = await PostAsync(h, new JsonObject { ["model"] = GatewayHarness.Model, ["input"] = "Weather in Rome?", ["tools"] = new JsonArray(WeatherTool.DeepClone()), ["store"] = false });

        status.ShouldBe(HttpStatusCode.OK, body);
        JsonObject call = JsonNode.Parse(body)!["output"]!.AsArray().Single(i => i!["type"]!.GetValue<string>() == "function_call")!.AsObject();
        call["name"]!.GetValue<string>().ShouldBe("get_weather");
        JsonNode.Parse(call["arguments"]!.GetValue<string>())!["city"]!.GetValue<string>().ShouldBe("Rome");
        string callId = call["call_id"]!.GetValue<string>();
        callId.ShouldNotBeNullOrEmpty();

        // The client runs the tool and sends the whole turn back (stateless, as Codex does).
        h.Scenario.Answer = new FakeAnswer("It is sunny in Rome.");
        var input = new JsonArray(
            new JsonObject { ["type"] = "message", ["role"] = "user", ["content"] = new JsonArray(new JsonObject { ["type"] = "input_text", ["text"] = "Weather in Rome?" }) },
            call.DeepClone(),
            new JsonObject { ["type"] = "function_call_output", ["call_id"] = callId, ["output"] = "sunny, 24 degrees" });
        var (status2, body2, _) = await PostAsync(h, new JsonObject { ["model"] = GatewayHarness.Model, ["input"] = input, ["tools"] = new JsonArray(WeatherTool.DeepClone()), ["store"] = false });

        status2.ShouldBe(HttpStatusCode.OK, body2);
        JsonNode.Parse(body2)!["output"]![0]!["content"]![0]!["text"]!.GetValue<string>().ShouldBe("It is sunny in Rome.");
        string sent = h.Upstream.LastRequest.Body;
        sent.ShouldContain("sunny, 24 degrees");
        sent.ShouldContain("get_weather");
        if (wire != "gemini")
        {
            sent.ShouldContain("call_9"); // Gemini calls carry no ids
        }
    }

    [Theory]
    [MemberData(nameof(ResponsesHarnesses.All), MemberType = typeof(ResponsesHarnesses))]
    public async Task ToolCall_Streaming_ArgumentsArriveAsDeltasOfTheFunctionCallItem(string wire)
    {
        GatewayHarness h = await harnesses.GetAsync(wire);
        h.Scenario.Answer = new FakeAnswer("") { ToolCalls = [new FakeToolCall("call_9", "get_weather", """{"city":"Rome"}""")] };

        var (status, body, _) = await PostAsync(h, new JsonObject { ["model"] = GatewayHarness.Model, ["input"] = "Weather?", ["tools"] = new JsonArray(WeatherTool.DeepClone()), ["stream"] = true, ["store"] = false });

        status.ShouldBe(HttpStatusCode.OK, body);
        List<JsonObject> events = EventsOf(body);
        JsonObject added = events.First(e => e["type"]!.GetValue<string>() == "response.output_item.added" && e["item"]!["type"]!.GetValue<string>() == "function_call");
        string itemId = added["item"]!["id"]!.GetValue<string>();
        added["item"]!["name"]!.GetValue<string>().ShouldBe("get_weather");
        string arguments = string.Concat(events.Where(e => e["type"]!.GetValue<string>() == "response.function_call_arguments.delta" && e["item_id"]!.GetValue<string>() == itemId).Select(e => e["delta"]!.GetValue<string>()));
        JsonNode.Parse(arguments)!["city"]!.GetValue<string>().ShouldBe("Rome");
        JsonObject done = events.Last(e => e["type"]!.GetValue<string>() == "response.output_item.done")["item"]!.AsObject();
        done["call_id"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
        JsonNode.Parse(done["arguments"]!.GetValue<string>())!["city"]!.GetValue<string>().ShouldBe("Rome");
        events[^1]["type"]!.GetValue<string>().ShouldBe("response.completed");
    }

    [Theory]
    [MemberData(nameof(ResponsesHarnesses.All), MemberType = typeof(ResponsesHarnesses))]
    public async Task PreviousResponseId_FollowUp_SendsTheStoredConversationUpstream(string wire)
    {
        GatewayHarness h = await harnesses.GetAsync(wire);
        h.Scenario.Answer = new FakeAnswer("Nice to meet you, Ada.");
        var (_, first, _) = await PostAsync(h, new JsonObject { ["model"] = GatewayHarness.Model, ["input"] = "My name is Ada.", ["stream"] = wire == "anthropic" });
        string id = wire == "anthropic" ? EventsOf(first)[^1]["response"]!["id"]!.GetValue<string>() : JsonNode.Parse(first)!["id"]!.GetValue<string>();

        h.Scenario.Answer = new FakeAnswer("Your name is Ada.");
        var (status, body, _) = await PostAsync(h, new JsonObject { ["model"] = GatewayHarness.Model, ["input"] = "What is my name?", ["previous_response_id"] = id });

        status.ShouldBe(HttpStatusCode.OK, body);
        JsonObject response = JsonNode.Parse(body)!.AsObject();
        response["output"]![0]!["content"]![0]!["text"]!.GetValue<string>().ShouldBe("Your name is Ada.");
        string sent = h.Upstream.LastRequest.Body;
        sent.ShouldContain("My name is Ada.");
        sent.ShouldContain("Nice to meet you, Ada.");
        sent.ShouldContain("What is my name?");
        sent.IndexOf("My name is Ada.", StringComparison.Ordinal).ShouldBeLessThan(sent.IndexOf("What is my name?", StringComparison.Ordinal));
        sent.ShouldNotContain("previous_response_id");

        // A third turn chains through both stored responses.
        string second = response["id"]!.GetValue<string>();
        await PostAsync(h, new JsonObject { ["model"] = GatewayHarness.Model, ["input"] = "Thanks.", ["previous_response_id"] = second });
        h.Upstream.LastRequest.Body.ShouldContain("Nice to meet you, Ada.");
        h.Upstream.LastRequest.Body.ShouldContain("Your name is Ada.");
    }

    [Fact]
    public async Task PreviousResponseId_Unknown_Is404InTheResponsesErrorFormat()
    {
        GatewayHarness h = await harnesses.GetAsync("anthropic");

        var (status, body, _) = await PostAsync(h, new JsonObject { ["model"] = GatewayHarness.Model, ["input"] = "hi", ["previous_response_id"] = "resp_nobody" });

        status.ShouldBe(HttpStatusCode.NotFound);
        JsonObject error = JsonNode.Parse(body)!["error"]!.AsObject();
        error["message"]!.GetValue<string>().ShouldContain("resp_nobody");
        error["param"]!.GetValue<string>().ShouldBe("previous_response_id");
        error["type"]!.GetValue<string>().ShouldBe("invalid_request_error");
        h.Upstream.CallCount.ShouldBe(0);
    }

    [Fact]
    public async Task StoreFalse_IsNotKept()
    {
        GatewayHarness h = await harnesses.GetAsync("gemini");
        var (_, body, _) = await PostAsync(h, new JsonObject { ["model"] = GatewayHarness.Model, ["input"] = "hi", ["store"] = false });
        string id = JsonNode.Parse(body)!["id"]!.GetValue<string>();

        using HttpClient client = h.Gateway.CreateClient();
        (await client.GetAsync($"/v1/responses/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var (status, _, _) = await PostAsync(h, new JsonObject { ["model"] = GatewayHarness.Model, ["input"] = "again", ["previous_response_id"] = id });
        status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task GetAndDelete_AStoredResponse()
    {
        GatewayHarness h = await harnesses.GetAsync("openai");
        var (_, body, _) = await PostAsync(h, new JsonObject { ["model"] = GatewayHarness.Model, ["input"] = "remember me" });
        string id = JsonNode.Parse(body)!["id"]!.GetValue<string>();
        using HttpClient client = h.Gateway.CreateClient();

        HttpResponseMessage get = await client.GetAsync($"/v1/responses/{id}");
        get.StatusCode.ShouldBe(HttpStatusCode.OK);
        JsonNode.Parse(await get.Content.ReadAsStringAsync())!["output"]![0]!["content"]![0]!["text"]!.GetValue<string>().ShouldBe("Hello from the fake upstream.");
        JsonObject items = JsonNode.Parse(await client.GetStringAsync($"/v1/responses/{id}/input_items"))!.AsObject();
        items["object"]!.GetValue<string>().ShouldBe("list");
        items["data"]![0]!["content"]!.GetValue<string>().ShouldBe("remember me");

        HttpResponseMessage delete = await client.DeleteAsync($"/v1/responses/{id}");
        delete.StatusCode.ShouldBe(HttpStatusCode.OK);
        JsonObject deleted = JsonNode.Parse(await delete.Content.ReadAsStringAsync())!.AsObject();
        deleted["deleted"]!.GetValue<bool>().ShouldBeTrue();
        deleted["id"]!.GetValue<string>().ShouldBe(id);
        (await client.GetAsync($"/v1/responses/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.DeleteAsync($"/v1/responses/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory]
    [MemberData(nameof(ResponsesHarnesses.All), MemberType = typeof(ResponsesHarnesses))]
    public async Task Stream_CutOffMidway_EndsWithResponseFailedAndAnErrorEvent(string wire)
    {
        GatewayHarness h = await harnesses.GetAsync(wire);
        h.Scenario.Answer = new FakeAnswer("A long answer that never finishes.");
        h.Scenario.CutStreamAfterEvents = 3;

        var (status, body, _) = await PostAsync(h, new JsonObject { ["model"] = GatewayHarness.Model, ["input"] = "go", ["stream"] = true });

        status.ShouldBe(HttpStatusCode.OK);
        List<JsonObject> events = EventsOf(body);
        events.Select(e => e["sequence_number"]!.GetValue<long>()).ShouldBe(Enumerable.Range(0, events.Count).Select(i => (long)i));
        events[^2]["type"]!.GetValue<string>().ShouldBe("response.failed");
        events[^2]["response"]!["status"]!.GetValue<string>().ShouldBe("failed");
        events[^2]["response"]!["error"]!["message"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
        events[^1]["type"]!.GetValue<string>().ShouldBe("error");
        events[^1]["message"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
        events.ShouldNotContain(e => e["type"]!.GetValue<string>() == "response.completed");
    }

    [Theory]
    [MemberData(nameof(ResponsesHarnesses.Translated), MemberType = typeof(ResponsesHarnesses))]
    public async Task HostedTools_Translated_WebSearchIsLetGoOtherHostedToolsAre400(string wire)
    {
        GatewayHarness h = await harnesses.GetAsync(wire);

        var (ok, body, _) = await PostAsync(h, new JsonObject { ["model"] = GatewayHarness.Model, ["input"] = "hi", ["tools"] = new JsonArray(WeatherTool.DeepClone(), new JsonObject { ["type"] = "web_search" }), ["store"] = false });
        ok.ShouldBe(HttpStatusCode.OK, body);
        h.Upstream.LastRequest.Body.ShouldNotContain("web_search");

        var (refused, error, _) = await PostAsync(h, new JsonObject { ["model"] = GatewayHarness.Model, ["input"] = "hi", ["tools"] = new JsonArray(new JsonObject { ["type"] = "file_search", ["vector_store_ids"] = new JsonArray("vs_1") }) });
        refused.ShouldBe(HttpStatusCode.BadRequest);
        JsonNode.Parse(error)!["error"]!["message"]!.GetValue<string>().ShouldContain("file_search");
    }

    [Fact]
    public async Task HostedTools_PassedThroughToAnOpenAIResponsesProvider()
    {
        GatewayHarness h = await harnesses.GetAsync("responses");

        var (status, body, _) = await PostAsync(h, new JsonObject { ["model"] = GatewayHarness.Model, ["input"] = "hi", ["tools"] = new JsonArray(new JsonObject { ["type"] = "file_search", ["vector_store_ids"] = new JsonArray("vs_1") }), ["include"] = new JsonArray("file_search_call.results") });

        status.ShouldBe(HttpStatusCode.OK, body);
        JsonObject sent = h.Upstream.LastRequest.Json;
        sent["tools"]![0]!["type"]!.GetValue<string>().ShouldBe("file_search");
        sent["include"]![0]!.GetValue<string>().ShouldBe("file_search_call.results");
    }

    [Theory]
    [MemberData(nameof(ResponsesHarnesses.Translated), MemberType = typeof(ResponsesHarnesses))]
    public async Task CodexStyleRequest_IsAcceptedOnEveryUpstream(string wire)
    {
        GatewayHarness h = await harnesses.GetAsync(wire);
        h.Scenario.Answer = new FakeAnswer("") { ToolCalls = [new FakeToolCall("call_1", "apply_patch", """{"input":"*** Begin Patch\n*** End Patch"}""")] };
        var body = JsonNode.Parse("""
            {
              "model": "fake-model", "instructions": "", "stream": true, "store": false, "tool_choice": "auto", "parallel_tool_calls": true,
              "reasoning": {"summary": "auto"}, "include": ["reasoning.encrypted_content"], "prompt_cache_key": "0199-session",
              "client_metadata": {"session_id": "0199-session"}, "text": {"verbosity": "low"},
              "input": [
                {"type": "message", "id": "msg_1", "role": "developer", "content": [{"type": "input_text", "text": "You are a coding agent."}]},
                {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "<environment_context>cwd</environment_context>"}]},
                {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "patch it"}]},
                {"type": "reasoning", "summary": [{"type": "summary_text", "text": "thinking about it"}], "encrypted_content": "gAAAA-opaque"}
              ],
              "tools": [
                {"type": "function", "name": "exec_command", "description": "Runs a command.", "strict": false, "parameters": {"type": "object", "properties": {"cmd": {"type": "string"}}, "required": ["cmd"], "additionalProperties": false}},
                {"type": "namespace", "name": "multi_agent_v1", "description": "Sub-agents.", "tools": [{"type": "function", "name": "close_agent", "description": "Close an agent.", "parameters": {"type": "object", "properties": {}}}]},
                {"type": "custom", "name": "apply_patch", "description": "Apply a patch.", "format": {"type": "grammar", "syntax": "lark", "definition": "start: patch"}},
                {"type": "web_search", "external_web_access": false}
              ]
            }
            """)!.AsObject();

        var (status, text, _) = await PostAsync(h, body);

        status.ShouldBe(HttpStatusCode.OK, text);
        string sent = h.Upstream.LastRequest.Body;
        sent.ShouldContain("You are a coding agent.");
        sent.ShouldContain("close_agent");
        sent.ShouldContain("exec_command");
        sent.ShouldContain("start: patch");
        sent.ShouldNotContain("web_search");
        sent.ShouldNotContain("gAAAA-opaque");

        // The custom tool's call comes back as a custom_tool_call carrying the free text.
        JsonObject done = EventsOf(text).Last(e => e["type"]!.GetValue<string>() == "response.output_item.done")["item"]!.AsObject();
        done["type"]!.GetValue<string>().ShouldBe("custom_tool_call");
        done["name"]!.GetValue<string>().ShouldBe("apply_patch");
        done["input"]!.GetValue<string>().ShouldBe("*** Begin Patch\n*** End Patch");
    }

    [Fact]
    public async Task NamespacedTool_CallComesBackWithItsNamespace()
    {
        GatewayHarness h = await harnesses.GetAsync("anthropic");
        h.Scenario.Answer = new FakeAnswer("") { ToolCalls = [new FakeToolCall("toolu_1", "close_agent", """{"id":"a1"}""")] };
        var tools = JsonNode.Parse("""[{"type": "namespace", "name": "multi_agent_v1", "description": "Sub-agents.", "tools": [{"type": "function", "name": "close_agent", "parameters": {"type": "object", "properties": {"id": {"type": "string"}}}}]}]""")!;

        var (status, body, _) = await PostAsync(h, new JsonObject { ["model"] = GatewayHarness.Model, ["input"] = "close it", ["tools"] = tools, ["store"] = false });

        status.ShouldBe(HttpStatusCode.OK, body);
        JsonObject call = JsonNode.Parse(body)!["output"]![0]!.AsObject();
        call["type"]!.GetValue<string>().ShouldBe("function_call");
        call["name"]!.GetValue<string>().ShouldBe("close_agent");
        call["namespace"]!.GetValue<string>().ShouldBe("multi_agent_v1");
    }

    [Fact]
    public async Task BadRequest_IsA400InTheResponsesErrorFormat()
    {
        GatewayHarness h = await harnesses.GetAsync("anthropic");

        var (status, body, headers) = await PostAsync(h, new JsonObject { ["model"] = GatewayHarness.Model, ["input"] = new JsonArray(new JsonObject { ["type"] = "message", ["role"] = "wizard", ["content"] = "x" }) });

        status.ShouldBe(HttpStatusCode.BadRequest);
        JsonObject error = JsonNode.Parse(body)!["error"]!.AsObject();
        error["param"]!.GetValue<string>().ShouldBe("input[0].role");
        error["type"]!.GetValue<string>().ShouldBe("invalid_request_error");
        headers["x-purser-request-id"].ShouldNotBeNullOrEmpty();
        h.Upstream.CallCount.ShouldBe(0);
    }

    [Theory]
    [MemberData(nameof(ResponsesHarnesses.All), MemberType = typeof(ResponsesHarnesses))]
    public async Task SecretGuard_RedactsTheInputBeforeAnyUpstreamAndInTheStoredConversation(string wire)
    {
        GatewayHarness h = await harnesses.GetAsync(wire);
        string token = "gh" + "p_" + string.Concat(Enumerable.Repeat("Q7b9XkT2", 5))[..36];

        var (status, body, headers) = await PostAsync(h, new JsonObject
        {
            ["model"] = GatewayHarness.Model,
            ["instructions"] = "Never echo credentials.",
            ["input"] = new JsonArray(new JsonObject { ["type"] = "message", ["role"] = "user", ["content"] = new JsonArray(new JsonObject { ["type"] = "input_text", ["text"] = "my token is " + token }) }),
        });

        status.ShouldBe(HttpStatusCode.OK, body);
        headers.ShouldContainKey("x-purser-guard");
        h.Upstream.LastRequest.Body.ShouldNotContain(token);
        h.Upstream.LastRequest.Body.ShouldContain("my token is");
        using HttpClient client = h.Gateway.CreateClient();
        string items = await client.GetStringAsync($"/v1/responses/{JsonNode.Parse(body)!["id"]!.GetValue<string>()}/input_items");
        items.ShouldContain("my token is");
        items.ShouldNotContain(token);
    }

    [Theory]
    [MemberData(nameof(ResponsesHarnesses.All), MemberType = typeof(ResponsesHarnesses))]
    public async Task Cache_ARepeatedCallIsAHitReplayedAsAResponsesStream(string wire)
    {
        GatewayHarness h = await harnesses.GetAsync(wire);
        h.Scenario.Answer = new FakeAnswer("Paid for once.");
        var request = new JsonObject { ["model"] = GatewayHarness.Model, ["input"] = "cache me " + wire, ["store"] = false };

        var (_, first, firstHeaders) = await PostAsync(h, request);
        h.Scenario.Answer = new FakeAnswer("An upstream answer nobody should see.");
        request["stream"] = true;
        var (status, replay, headers) = await PostAsync(h, request);

        firstHeaders["x-purser-cache"].ShouldBe("miss");
        JsonNode.Parse(first)!["output"]![0]!["content"]![0]!["text"]!.GetValue<string>().ShouldBe("Paid for once.");
        status.ShouldBe(HttpStatusCode.OK);
        headers["x-purser-cache"].ShouldBe("hit");
        List<JsonObject> events = EventsOf(replay);
        events.Select(e => e["sequence_number"]!.GetValue<long>()).ShouldBe(Enumerable.Range(0, events.Count).Select(i => (long)i));
        string.Concat(events.Where(e => e["type"]!.GetValue<string>() == "response.output_text.delta").Select(e => e["delta"]!.GetValue<string>())).ShouldBe("Paid for once.");
        events[^1]["type"]!.GetValue<string>().ShouldBe("response.completed");
        h.Upstream.CallCount.ShouldBe(1);
    }

    internal static async Task<(HttpStatusCode Status, string Body, Dictionary<string, string> Headers)> PostAsync(GatewayHarness h, JsonObject body)
    {
        using HttpClient client = h.Gateway.CreateClient();
        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        using HttpResponseMessage response = await client.PostAsync("/v1/responses", content);
        var headers = response.Headers.Concat(response.Content.Headers).ToDictionary(p => p.Key.ToLowerInvariant(), p => string.Join(",", p.Value), StringComparer.OrdinalIgnoreCase);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), headers);
    }

    internal static List<JsonObject> EventsOf(string body)
    {
        List<Sse.Event> events = Sse.Parse(body);
        foreach (Sse.Event e in events.Where(e => e.Data.StartsWith('{')))
        {
            // Every event's name is its data's type, as OpenAI writes them.
            e.Name.ShouldBe(JsonNode.Parse(e.Data)!["type"]!.GetValue<string>());
        }

        return [.. Sse.JsonData(events)];
    }

    private static async Task<Dictionary<string, object?>> LedgerRowAsync(GatewayHarness h, string requestId)
    {
        // Strict durability commits the row before the last byte; read it back.
        List<Dictionary<string, object?>> rows = LedgerDb.Rows(h.Gateway.Home, $"SELECT * FROM ledger WHERE request_id = '{requestId}'");
        rows.Count.ShouldBe(1);
        return await Task.FromResult(rows[0]);
    }
}
