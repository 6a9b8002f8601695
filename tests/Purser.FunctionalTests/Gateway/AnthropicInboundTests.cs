using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Anthropic;
using Anthropic.Models.Messages;
using Purser.FunctionalTests.Infrastructure;

namespace Purser.FunctionalTests.Gateway;

/// <summary>POST /v1/messages through the official Anthropic SDK, against each upstream wire kind.</summary>
public sealed class AnthropicInboundTests
{
    [Theory]
    [MemberData(nameof(Wires.All), MemberType = typeof(Wires))]
    public async Task Create_NonStreaming_ReturnsTextAndAnthropicUsage(string wire)
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(Wires.Create(wire));
        h.Scenario.Answer = new FakeAnswer("Bonjour from upstream.");
        AnthropicClient client = AnthropicClients.Create(h.Url);

        Message message = await client.Messages.Create(new MessageCreateParams
        {
            Model = GatewayHarness.Model,
            MaxTokens = 256,
            System = "Answer in French.",
            Messages = [new UserMessageParam("Say hello")],
        });

        message.Content.Count.ShouldBe(1);
        message.Content[0].TryPickText(out TextBlock? text).ShouldBeTrue();
        text!.Text.ShouldBe("Bonjour from upstream.");
        message.StopReason.ShouldNotBeNull();
        message.Usage.InputTokens.ShouldBe(100);
        message.Usage.CacheReadInputTokens.ShouldBe(20);
        message.Usage.OutputTokens.ShouldBe(40);
        string sent = h.Upstream.LastRequest.Body;
        sent.ShouldContain("Answer in French.");
        sent.ShouldContain("Say hello");
    }

    [Theory]
    [MemberData(nameof(Wires.All), MemberType = typeof(Wires))]
    public async Task CreateStreaming_DeliversTextDeltasAndFinalUsage(string wire)
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(Wires.Create(wire));
        h.Scenario.Answer = new FakeAnswer("Streaming through Purser in pieces.");
        AnthropicClient client = AnthropicClients.Create(h.Url);

        var text = new StringBuilder();
        long? outputTokens = null;
        bool stopped = false;
        await foreach (RawMessageStreamEvent e in client.Messages.CreateStreaming(new MessageCreateParams
        {
            Model = GatewayHarness.Model,
            MaxTokens = 256,
            Messages = [new UserMessageParam("stream")],
        }))
        {
            if (e.TryPickContentBlockDelta(out RawContentBlockDeltaEvent? delta) && delta!.Delta.TryPickText(out TextDelta? t))
            {
                text.Append(t!.Text);
            }
            else if (e.TryPickDelta(out RawMessageDeltaEvent? messageDelta))
            {
                outputTokens = messageDelta!.Usage.OutputTokens;
            }
            else if (e.TryPickStop(out _))
            {
                stopped = true;
            }
        }

        text.ToString().ShouldBe("Streaming through Purser in pieces.");
        outputTokens.ShouldBe(40);
        stopped.ShouldBeTrue();
    }

    [Theory]
    [MemberData(nameof(Wires.All), MemberType = typeof(Wires))]
    public async Task ToolUse_RoundTripsWithToolResult(string wire)
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(Wires.Create(wire));
        h.Scenario.Answer = new FakeAnswer("") { ToolCalls = [new FakeToolCall("toolu_01", "get_weather", """{"city":"Lima"}""")] };
        AnthropicClient client = AnthropicClients.Create(h.Url);
        var schema = new Dictionary<string, JsonElement>
        {
            ["type"] = JsonSerializer.SerializeToElement("object"),
            ["properties"] = JsonSerializer.SerializeToElement(new { city = new { type = "string" } }),
            ["required"] = JsonSerializer.SerializeToElement(new[] { "city" }),
        };
        var tool = new Tool { Name = "get_weather", Description = "Weather for a city", InputSchema = InputSchema.FromRawUnchecked(schema) };

        Message first = await client.Messages.Create(new MessageCreateParams
        {
            Model = GatewayHarness.Model,
            MaxTokens = 256,
            Tools = [tool],
            Messages = [new UserMessageParam("Weather in Lima?")],
        });

        first.Content.Any(b => b.TryPickToolUse(out _)).ShouldBeTrue();
        first.Content.First(b => b.TryPickToolUse(out _)).TryPickToolUse(out ToolUseBlock? use);
        use!.Name.ShouldBe("get_weather");
        use.Input["city"].GetString().ShouldBe("Lima");

        // Send the result back in raw JSON (what any Anthropic client sends) and check it reached the upstream.
        h.Scenario.Answer = new FakeAnswer("Lima is 18 degrees.");
        using HttpClient http = h.Gateway.CreateClient();
        string followUp = """
            {"model":"fake-model","max_tokens":256,
             "tools":[{"name":"get_weather","description":"Weather","input_schema":{"type":"object","properties":{"city":{"type":"string"}}}}],
             "messages":[
               {"role":"user","content":"Weather in Lima?"},
               {"role":"assistant","content":[{"type":"tool_use","id":"TOOL_ID","name":"get_weather","input":{"city":"Lima"}}]},
               {"role":"user","content":[{"type":"tool_result","tool_use_id":"TOOL_ID","content":"18 C, cloudy"}]}]}
            """.Replace("TOOL_ID", use.ID, StringComparison.Ordinal);
        using HttpResponseMessage response = await http.PostAsync("/v1/messages", new StringContent(followUp, Encoding.UTF8, "application/json"));
        string body = await response.Content.ReadAsStringAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        JsonNode.Parse(body)!["content"]![0]!["text"]!.GetValue<string>().ShouldBe("Lima is 18 degrees.");
        h.Upstream.LastRequest.Body.ShouldContain("18 C, cloudy");
    }

    [Theory]
    [InlineData("{\"model\":", null)]
    [InlineData("{\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", "model")]
    [InlineData("{\"model\":\"fake-model\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", "max_tokens")]
    [InlineData("{\"model\":\"fake-model\",\"max_tokens\":10}", "messages")]
    [InlineData("{\"model\":\"fake-model\",\"max_tokens\":10,\"messages\":[{\"role\":\"wizard\",\"content\":\"x\"}]}", "messages[0].role")]
    [InlineData("{\"model\":\"fake-model\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image\",\"source\":{\"type\":\"base64\"}}]}]}", "messages[0].content[0].source")]
    public async Task MalformedRequests_Get400InAnthropicFormat(string body, string? param)
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(new AnthropicUpstreamWire());
        using HttpClient http = h.Gateway.CreateClient();

        using HttpResponseMessage response = await http.PostAsync("/v1/messages", new StringContent(body, Encoding.UTF8, "application/json"));
        JsonObject error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        error["type"]!.GetValue<string>().ShouldBe("error");
        error["error"]!["type"]!.GetValue<string>().ShouldBe("invalid_request_error");
        string message = error["error"]!["message"]!.GetValue<string>();
        if (param is not null)
        {
            message.ShouldContain(param);
        }

        h.Upstream.CallCount.ShouldBe(0);
    }

    [Theory]
    [MemberData(nameof(Wires.All), MemberType = typeof(Wires))]
    public async Task UpstreamFailures_AreAnthropicStyleErrors(string wire)
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(Wires.Create(wire));
        using HttpClient http = h.Gateway.CreateClient();
        const string request = """{"model":"fake-model","max_tokens":10,"messages":[{"role":"user","content":"hi"}]}""";

        h.Scenario.ErrorStatus = 503;
        (int status503, JsonObject error503) = await PostAsync(http, request);
        h.Scenario.ErrorStatus = 429;
        (int status429, JsonObject error429) = await PostAsync(http, request);
        h.Scenario.ErrorStatus = null;
        h.Scenario.MalformedBody = true;
        (int statusMalformed, JsonObject errorMalformed) = await PostAsync(http, request);

        status503.ShouldBe(502);
        error503["type"]!.GetValue<string>().ShouldBe("error");
        error503["error"]!["type"]!.GetValue<string>().ShouldBe("api_error");
        status429.ShouldBe(429);
        error429["error"]!["type"]!.GetValue<string>().ShouldBe("rate_limit_error");
        statusMalformed.ShouldBe(502);
        errorMalformed["error"]!["message"]!.GetValue<string>().ShouldContain("malformed");
    }

    [Theory]
    [MemberData(nameof(Wires.All), MemberType = typeof(Wires))]
    public async Task StreamCutMidway_EndsWithAnErrorEvent(string wire)
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(Wires.Create(wire));
        h.Scenario.Answer = new FakeAnswer("A long answer that never finishes properly.");
        h.Scenario.CutStreamAfterEvents = 3;
        using HttpClient http = h.Gateway.CreateClient();

        using HttpResponseMessage response = await http.PostAsync("/v1/messages", new StringContent("""{"model":"fake-model","max_tokens":50,"stream":true,"messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"));
        List<Sse.Event> events = Sse.Parse(await response.Content.ReadAsStringAsync());

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        events[0].Name.ShouldBe("message_start");
        events.ShouldNotContain(e => e.Name == "message_stop");
        events[^1].Name.ShouldBe("error");
        JsonNode.Parse(events[^1].Data)!["error"]!["message"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task SameProtocol_KeepsCacheControlAndUnknownFieldsAndForwardsBetaHeaders()
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(new AnthropicUpstreamWire());
        using HttpClient http = h.Gateway.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages")
        {
            Content = new StringContent("""
                {"model":"up/fake-model","max_tokens":64,
                 "system":[{"type":"text","text":"Long reusable context","cache_control":{"type":"ephemeral"}}],
                 "messages":[{"role":"user","content":"hi"}],
                 "x_future_field":{"keep":true}}
                """, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("anthropic-beta", "prompt-caching-2024-07-31");
        request.Headers.Add("anthropic-version", "2023-06-01");

        using HttpResponseMessage response = await http.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        ReceivedRequest sent = h.Upstream.LastRequest;
        sent.Json["model"]!.GetValue<string>().ShouldBe("fake-model");
        sent.Json["system"]![0]!["cache_control"]!["type"]!.GetValue<string>().ShouldBe("ephemeral");
        sent.Json["x_future_field"]!["keep"]!.GetValue<bool>().ShouldBeTrue();
        sent.Headers["anthropic-beta"].ShouldBe("prompt-caching-2024-07-31");
        sent.Headers["x-api-key"].ShouldBe(GatewayHarness.UpstreamKey);
    }

    [Fact]
    public async Task CrossProtocol_UntranslatableFieldIs400NamingIt()
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(new OpenAIUpstreamWire());
        using HttpClient http = h.Gateway.CreateClient();

        (int status, JsonObject body) = await PostAsync(http, """
            {"model":"fake-model","max_tokens":64,"messages":[{"role":"user","content":[{"type":"document","source":{"type":"base64","media_type":"application/pdf","data":"JVBERi0="}}]}]}
            """);

        status.ShouldBe(400);
        body["error"]!["message"]!.GetValue<string>().ShouldContain("document");
        h.Upstream.CallCount.ShouldBe(0);
    }

    private static async Task<(int Status, JsonObject Body)> PostAsync(HttpClient http, string body)
    {
        using HttpResponseMessage response = await http.PostAsync("/v1/messages", new StringContent(body, Encoding.UTF8, "application/json"));
        return ((int)response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }
}
