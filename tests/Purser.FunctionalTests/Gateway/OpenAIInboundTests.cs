using System.ClientModel;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using OpenAI.Chat;
using Purser.FunctionalTests.Infrastructure;

namespace Purser.FunctionalTests.Gateway;

/// <summary>POST /v1/chat/completions through the official OpenAI SDK, against each upstream wire kind.</summary>
public sealed class OpenAIInboundTests
{
    [Theory]
    [MemberData(nameof(Wires.All), MemberType = typeof(Wires))]
    public async Task CompleteChat_NonStreaming_ReturnsAnswerWithNormalisedUsageAndPurserHeaders(string wire)
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(Wires.Create(wire));
        h.Scenario.Answer = new FakeAnswer("The capital of France is Paris.");
        ChatClient client = Clients.OpenAIChat(h.Url);

        ClientResult<ChatCompletion> result = await client.CompleteChatAsync([new SystemChatMessage("Be brief."), new UserChatMessage("Capital of France?")]);

        ChatCompletion completion = result.Value;
        completion.Content[0].Text.ShouldBe("The capital of France is Paris.");
        completion.FinishReason.ShouldBe(ChatFinishReason.Stop);
        completion.Usage.InputTokenCount.ShouldBe(120);
        completion.Usage.OutputTokenCount.ShouldBe(40);
        completion.Usage.InputTokenDetails.CachedTokenCount.ShouldBe(20);
        completion.Usage.OutputTokenDetails.ReasoningTokenCount.ShouldBe(wire == "anthropic" ? 0 : 10); // Anthropic does not report thinking apart
        var headers = result.GetRawResponse().Headers;
        headers.TryGetValue("x-purser-provider", out string? provider).ShouldBeTrue();
        provider.ShouldBe(GatewayHarness.Provider);
        headers.TryGetValue("x-purser-model", out string? model).ShouldBeTrue();
        model.ShouldBe(GatewayHarness.Model);
        headers.TryGetValue("x-purser-request-id", out string? id).ShouldBeTrue();
        id.ShouldStartWith("req_");
        headers.TryGetValue("x-purser-route", out string? route).ShouldBeTrue();
        route.ShouldBe("model");
        headers.TryGetValue("x-purser-cache", out string? cache).ShouldBeTrue();
        cache.ShouldBe("miss");
        headers.TryGetValue("x-purser-cost-usd", out _).ShouldBeTrue();
        h.Upstream.CallCount.ShouldBe(1);
        h.Upstream.LastRequest.Headers.Values.ShouldContain(v => v.Contains(GatewayHarness.UpstreamKey, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Wires.All), MemberType = typeof(Wires))]
    public async Task CompleteChatStreaming_DeliversTextInOrderAndUsage(string wire)
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(Wires.Create(wire));
        h.Scenario.Answer = new FakeAnswer("Streaming works one piece at a time.");
        ChatClient client = Clients.OpenAIChat(h.Url);

        var text = new StringBuilder();
        ChatTokenUsage? usage = null;
        ChatFinishReason? finish = null;
        await foreach (StreamingChatCompletionUpdate update in client.CompleteChatStreamingAsync([new UserChatMessage("Stream please")]))
        {
            foreach (ChatMessageContentPart part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }

            usage ??= update.Usage;
            finish ??= update.FinishReason;
        }

        text.ToString().ShouldBe("Streaming works one piece at a time.");
        finish.ShouldBe(ChatFinishReason.Stop);
        usage.ShouldNotBeNull();
        usage.InputTokenCount.ShouldBe(120);
        usage.OutputTokenCount.ShouldBe(40);
        usage.InputTokenDetails.CachedTokenCount.ShouldBe(20);
    }

    [Theory]
    [MemberData(nameof(Wires.All), MemberType = typeof(Wires))]
    public async Task Stream_ClientDidNotAskForUsage_UsageChunkIsStrippedButCostCommentAndDoneArrive(string wire)
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(Wires.Create(wire));
        using HttpClient http = h.Gateway.CreateClient();

        string body = await PostRawAsync(http, """{"model":"fake-model","stream":true,"messages":[{"role":"user","content":"hi"}]}""");

        List<Sse.Event> events = Sse.Parse(body);
        events[^1].Data.ShouldBe("[DONE]");
        Sse.JsonData(events).ShouldAllBe(chunk => chunk["usage"] == null);
        Sse.JsonData(events).Select(c => c["object"]!.GetValue<string>()).ShouldAllBe(o => o == "chat.completion.chunk");
        Sse.Comments(body).ShouldContain(c => c.StartsWith("x-purser-cost-usd=", StringComparison.Ordinal));
        if (wire == "openai")
        {
            // Purser asked the upstream for usage anyway, to price the call.
            h.Upstream.LastRequest.Json["stream_options"]!["include_usage"]!.GetValue<bool>().ShouldBeTrue();
        }
    }

    [Theory]
    [MemberData(nameof(Wires.All), MemberType = typeof(Wires))]
    public async Task Stream_FirstChunkReachesClientBeforeUpstreamFinishes(string wire)
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(Wires.Create(wire));
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Scenario.HoldAfterFirstEvent = release;
        h.Scenario.Answer = new FakeAnswer("Slow but steady answer text.");
        ChatClient client = Clients.OpenAIChat(h.Url);

        await using IAsyncEnumerator<StreamingChatCompletionUpdate> updates = client.CompleteChatStreamingAsync([new UserChatMessage("go")]).GetAsyncEnumerator();
        Task<bool> first = updates.MoveNextAsync().AsTask();
        Task winner = await Task.WhenAny(first, Task.Delay(TimeSpan.FromSeconds(20)));

        // The upstream is still holding the rest of its answer: the first update came through on its own.
        winner.ShouldBe(first);
        (await first).ShouldBeTrue();
        release.Task.IsCompleted.ShouldBeFalse();
        release.SetResult();
        var rest = new StringBuilder();
        while (await updates.MoveNextAsync())
        {
            foreach (ChatMessageContentPart part in updates.Current.ContentUpdate)
            {
                rest.Append(part.Text);
            }
        }

        rest.ToString().ShouldEndWith("text.");
    }

    [Theory]
    [MemberData(nameof(Wires.All), MemberType = typeof(Wires))]
    public async Task ToolCalls_RoundTripThroughTheGateway_NonStreamingAndStreaming(string wire)
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(Wires.Create(wire));
        h.Scenario.Answer = new FakeAnswer("") { ToolCalls = [new FakeToolCall("call_abc", "get_weather", """{"city":"Paris","unit":"c"}""")] };
        ChatClient client = Clients.OpenAIChat(h.Url);
        var tool = ChatTool.CreateFunctionTool("get_weather", "Weather for a city", BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string"},"unit":{"type":"string"}},"required":["city"]}"""));
        var options = new ChatCompletionOptions { Tools = { tool } };

        ChatCompletion completion = (await client.CompleteChatAsync([new UserChatMessage("Weather in Paris?")], options)).Value;

        completion.FinishReason.ShouldBe(ChatFinishReason.ToolCalls);
        completion.ToolCalls.Count.ShouldBe(1);
        completion.ToolCalls[0].FunctionName.ShouldBe("get_weather");
        JsonNode.Parse(completion.ToolCalls[0].FunctionArguments.ToString())!["city"]!.GetValue<string>().ShouldBe("Paris");

        // The tool result goes back up.
        h.Scenario.Answer = new FakeAnswer("It is 21 degrees in Paris.");
        ChatCompletion followUp = (await client.CompleteChatAsync(
            [new UserChatMessage("Weather in Paris?"), new AssistantChatMessage(completion), new ToolChatMessage(completion.ToolCalls[0].Id, "21 C and sunny")],
            options)).Value;
        followUp.Content[0].Text.ShouldBe("It is 21 degrees in Paris.");
        h.Upstream.LastRequest.Body.ShouldContain("21 C and sunny");
        h.Upstream.LastRequest.Body.ShouldContain("get_weather");

        h.Scenario.Answer = new FakeAnswer("") { ToolCalls = [new FakeToolCall("call_xyz", "get_weather", """{"city":"Oslo"}""")] };
        var names = new StringBuilder();
        var args = new StringBuilder();
        await foreach (StreamingChatCompletionUpdate update in client.CompleteChatStreamingAsync([new UserChatMessage("Weather in Oslo?")], options))
        {
            foreach (StreamingChatToolCallUpdate call in update.ToolCallUpdates)
            {
                names.Append(call.FunctionName);
                args.Append(call.FunctionArgumentsUpdate?.ToString());
            }
        }

        names.ToString().ShouldBe("get_weather");
        JsonNode.Parse(args.ToString())!["city"]!.GetValue<string>().ShouldBe("Oslo");
    }

    [Fact]
    public async Task SameProtocol_PassesUnknownFieldsThroughAndReplacesModel()
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(new OpenAIUpstreamWire());
        using HttpClient http = h.Gateway.CreateClient();

        await PostRawAsync(http, """{"model":"up/fake-model","messages":[{"role":"user","content":"hi"}],"logit_bias":{"50256":-100},"x_vendor_flag":{"deep":[1,2]},"n":1}""");

        JsonObject sent = h.Upstream.LastRequest.Json;
        sent["model"]!.GetValue<string>().ShouldBe("fake-model");
        sent["x_vendor_flag"]!["deep"]![1]!.GetValue<int>().ShouldBe(2);
        sent["logit_bias"]!["50256"]!.GetValue<int>().ShouldBe(-100);
    }

    [Theory]
    [InlineData("{\"model\":", "invalid_request_error", null)]
    [InlineData("[1,2,3]", "invalid_request_error", null)]
    [InlineData("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", "invalid_request_error", "model")]
    [InlineData("{\"model\":\"fake-model\"}", "invalid_request_error", "messages")]
    [InlineData("{\"model\":\"fake-model\",\"messages\":[]}", "invalid_request_error", "messages")]
    [InlineData("{\"model\":\"fake-model\",\"messages\":[{\"role\":\"robot\",\"content\":\"x\"}]}", "invalid_request_error", "messages[0].role")]
    [InlineData("{\"model\":\"fake-model\",\"messages\":[{\"role\":\"user\",\"content\":42}]}", "invalid_request_error", "messages[0].content")]
    [InlineData("{\"model\":\"fake-model\",\"temperature\":\"hot\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", "invalid_request_error", "temperature")]
    [InlineData("{\"model\":\"fake-model\",\"max_tokens\":-5,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", "invalid_request_error", "max_tokens")]
    [InlineData("{\"model\":\"fake-model\",\"messages\":[{\"role\":\"tool\",\"content\":\"x\"}]}", "invalid_request_error", "messages[0].tool_call_id")]
    public async Task MalformedRequests_Get400InOpenAIFormatNamingTheField(string body, string type, string? param)
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(new OpenAIUpstreamWire());
        using HttpClient http = h.Gateway.CreateClient();

        using HttpResponseMessage response = await http.PostAsync("/v1/chat/completions", new StringContent(body, Encoding.UTF8, "application/json"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        JsonObject error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!.AsObject();
        error["type"]!.GetValue<string>().ShouldBe(type);
        error["message"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        error["param"]?.GetValue<string>().ShouldBe(param);
        h.Upstream.CallCount.ShouldBe(0);
    }

    [Fact]
    public async Task UnknownModel_Gets404AndUnconfiguredProviderNamesItsVariable()
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(new OpenAIUpstreamWire());
        ChatClient unknown = Clients.OpenAIChat(h.Url, "no-such-model");
        ChatClient anthropic = Clients.OpenAIChat(h.Url, "claude-sonnet-4-5");

        ClientResultException notFound = await Should.ThrowAsync<ClientResultException>(() => unknown.CompleteChatAsync([new UserChatMessage("x")]));
        ClientResultException notConfigured = await Should.ThrowAsync<ClientResultException>(() => anthropic.CompleteChatAsync([new UserChatMessage("x")]));

        notFound.Status.ShouldBe(404);
        notConfigured.Status.ShouldBe(400);
        notConfigured.Message.ShouldContain("ANTHROPIC_API_KEY");
    }

    [Theory]
    [MemberData(nameof(Wires.All), MemberType = typeof(Wires))]
    public async Task UpstreamErrors_MapToClearStatusesInOpenAIFormat(string wire)
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(Wires.Create(wire));
        using HttpClient http = h.Gateway.CreateClient();
        const string request = """{"model":"fake-model","messages":[{"role":"user","content":"hi"}]}""";

        h.Scenario.ErrorStatus = 400;
        h.Scenario.ErrorMessage = "bad parameter from upstream";
        (int status400, JsonObject error400) = await PostForErrorAsync(http, request);
        h.Scenario.ErrorStatus = 500;
        (int status500, JsonObject error500) = await PostForErrorAsync(http, request);
        h.Scenario.ErrorStatus = 429;
        h.Scenario.ErrorHeaders["retry-after"] = "7";
        (int status429, JsonObject error429) = await PostForErrorAsync(http, request);
        h.Scenario.ErrorStatus = 401;
        (int status401, JsonObject error401) = await PostForErrorAsync(http, request);

        status400.ShouldBe(400);
        error400["message"]!.GetValue<string>().ShouldContain("bad parameter from upstream");
        status500.ShouldBe(502);
        error500["purser_error_kind"]!.GetValue<string>().ShouldBe("upstream_http");
        status429.ShouldBe(429);
        error429["type"]!.GetValue<string>().ShouldBe("rate_limit_error");
        status401.ShouldBe(502);
        error401["message"]!.GetValue<string>().ShouldContain("credentials");
    }

    [Theory]
    [MemberData(nameof(Wires.All), MemberType = typeof(Wires))]
    public async Task MalformedUpstreamJson_Is502NotA500(string wire)
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(Wires.Create(wire));
        h.Scenario.MalformedBody = true;
        using HttpClient http = h.Gateway.CreateClient();

        (int status, JsonObject error) = await PostForErrorAsync(http, """{"model":"fake-model","messages":[{"role":"user","content":"hi"}]}""");

        status.ShouldBe(502);
        error["purser_error_kind"]!.GetValue<string>().ShouldBe("invalid_response");
    }

    [Theory]
    [MemberData(nameof(Wires.All), MemberType = typeof(Wires))]
    public async Task UpstreamTimeout_Is504(string wire)
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(Wires.Create(wire), c => c[$"Purser:Providers:{GatewayHarness.Provider}:TimeoutSeconds"] = "1");
        h.Scenario.HoldBeforeAnswer = new TaskCompletionSource();
        using HttpClient http = h.Gateway.CreateClient();

        (int status, JsonObject error) = await PostForErrorAsync(http, """{"model":"fake-model","messages":[{"role":"user","content":"hi"}]}""");

        status.ShouldBe(504);
        error["purser_error_kind"]!.GetValue<string>().ShouldBe("timeout");
        h.Scenario.HoldBeforeAnswer.SetResult();
    }

    [Fact]
    public async Task ConnectionRefused_Is502WithConnectionKind()
    {
        int closedPort;
        using (var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            closedPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        await using GatewayServer gateway = await GatewayServer.StartAsync(new Dictionary<string, string?>
        {
            ["Purser:Providers:dead:Kind"] = "openai",
            ["Purser:Providers:dead:BaseUrl"] = $"http://127.0.0.1:{closedPort}/v1",
            ["Purser:Providers:dead:Models:0"] = "m",
        });
        using HttpClient http = gateway.CreateClient();

        (int status, JsonObject error) = await PostForErrorAsync(http, """{"model":"dead/m","messages":[{"role":"user","content":"hi"}]}""");

        status.ShouldBe(502);
        error["purser_error_kind"]!.GetValue<string>().ShouldBe("connection");
    }

    [Theory]
    [MemberData(nameof(Wires.All), MemberType = typeof(Wires))]
    public async Task StreamCutMidway_ClientGetsAnErrorEventNotASilentEnd(string wire)
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(Wires.Create(wire));
        h.Scenario.Answer = new FakeAnswer("This answer will be cut off before it ends.");
        h.Scenario.CutStreamAfterEvents = 2;
        using HttpClient http = h.Gateway.CreateClient();

        string body = await PostRawAsync(http, """{"model":"fake-model","stream":true,"messages":[{"role":"user","content":"hi"}]}""");

        List<Sse.Event> events = Sse.Parse(body);
        events.ShouldNotContain(e => e.Data == "[DONE]");
        JsonObject last = JsonNode.Parse(events[^1].Data)!.AsObject();
        last["error"]!["purser_error_kind"]!.GetValue<string>().ShouldBe("invalid_response");
    }

    [Theory]
    [MemberData(nameof(Wires.All), MemberType = typeof(Wires))]
    public async Task StreamConnectionResetMidway_ClientGetsAnErrorEventAfterTheFirstChunk(string wire)
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(Wires.Create(wire));
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Scenario.Answer = new FakeAnswer("This answer will be cut off before it ends.");
        h.Scenario.HoldAfterFirstEvent = release;
        h.Scenario.CutStreamAfterEvents = 2;
        h.Scenario.AbortOnCut = true;
        using HttpClient http = h.Gateway.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent("""{"model":"fake-model","stream":true,"messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"),
        };

        using HttpResponseMessage response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        string? firstLine = await reader.ReadLineAsync();
        release.SetResult(); // the client holds its first chunk; now the upstream connection resets
        string rest = await reader.ReadToEndAsync();

        firstLine.ShouldNotBeNull().ShouldStartWith("data: {");
        List<Sse.Event> events = Sse.Parse(rest);
        events.ShouldNotContain(e => e.Data == "[DONE]");
        JsonNode.Parse(events[^1].Data)!["error"]!["message"]!.GetValue<string>().ShouldContain("ended the stream");
    }

    private static async Task<string> PostRawAsync(HttpClient http, string body)
    {
        using HttpResponseMessage response = await http.PostAsync("/v1/chat/completions", new StringContent(body, Encoding.UTF8, "application/json"));
        string text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        return text;
    }

    private static async Task<(int Status, JsonObject Error)> PostForErrorAsync(HttpClient http, string body)
    {
        using HttpResponseMessage response = await http.PostAsync("/v1/chat/completions", new StringContent(body, Encoding.UTF8, "application/json"));
        string text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, JsonNode.Parse(text)!["error"]!.AsObject());
    }
}
