using System.Text.Json.Nodes;
using Purser.FunctionalTests.Infrastructure;

namespace Purser.FunctionalTests.Gateway;

/// <summary>
/// The npm `openai` and `@anthropic-ai/sdk` clients (written by nobody here) against the gateway and a fake
/// upstream of each kind. scripts/test.sh installs them into tests/js.
/// </summary>
public sealed class NpmClientTests
{
    [Theory]
    [MemberData(nameof(Wires.All), MemberType = typeof(Wires))]
    public async Task OfficialNpmClients_WorkAgainstTheGateway(string wire)
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(Wires.Create(wire));
        UseScriptedAnswers(h);

        JsonObject r = await NpmScript.RunAsync("clients.mjs", "openai", h.Url, GatewayHarness.Model);

        r["openai_chat"]!["text"]!.GetValue<string>().ShouldBe("Hi from the fake.");
        r["openai_chat"]!["prompt"]!.GetValue<int>().ShouldBe(120);
        r["openai_stream"]!["text"]!.GetValue<string>().ShouldBe("Hi from the fake.");
        r["openai_stream"]!["prompt"]!.GetValue<int>().ShouldBe(120);
        r["openai_tools"]!["finish"]!.GetValue<string>().ShouldBe("tool_calls");
        r["openai_tools"]!["args"]!["city"]!.GetValue<string>().ShouldBe("Rome");
        r["openai_bad_request"]!["status"]!.GetValue<int>().ShouldBe(400);
        r["anthropic_message"]!["text"]!.GetValue<string>().ShouldBe("Hi from the fake.");
        r["anthropic_message"]!["input"]!.GetValue<int>().ShouldBe(100);
        r["anthropic_message"]!["output"]!.GetValue<int>().ShouldBe(40);
        r["anthropic_stream"]!["text"]!.GetValue<string>().ShouldBe("Hi from the fake.");
        r["anthropic_stream"]!["output"]!.GetValue<int>().ShouldBe(40);
        r["anthropic_tools"]!["stop"]!.GetValue<string>().ShouldBe("tool_use");
        r["anthropic_tools"]!["input"]!["city"]!.GetValue<string>().ShouldBe("Rome");
        r["anthropic_bad_request"]!["status"]!.GetValue<int>().ShouldBe(400);
        r["anthropic_count_tokens"]!["input"]!.GetValue<int>().ShouldBeGreaterThan(0);

        // Streams without include_usage: the text, and no usage chunk (Purser asked upstream for one and strips it).
        r["openai_stream_plain"]!["text"]!.GetValue<string>().ShouldBe("Hi from the fake.");
        r["openai_stream_plain"]!["usageChunks"]!.GetValue<int>().ShouldBe(0);
        r["openai_stream_tools"]!["name"]!.GetValue<string>().ShouldBe("get_weather");
        r["openai_stream_tools"]!["args"]!["city"]!.GetValue<string>().ShouldBe("Rome");
        r["openai_stream_tools"]!["finish"]!.GetValue<string>().ShouldBe("tool_calls");
        r["anthropic_stream_tools"]!["stop"]!.GetValue<string>().ShouldBe("tool_use");
        r["anthropic_stream_tools"]!["input"]!["city"]!.GetValue<string>().ShouldBe("Rome");
        r["openai_image"]!["text"]!.GetValue<string>().ShouldBe("Hi from the fake.");
        r["anthropic_image"]!["text"]!.GetValue<string>().ShouldBe("Hi from the fake.");

        // Errors reach the SDKs as their own error types with the right status (an upstream 5xx is a 502); a cut stream throws, never hangs.
        r["openai_unknown_model"]!["status"]!.GetValue<int>().ShouldBe(404);
        r["anthropic_unknown_model"]!["status"]!.GetValue<int>().ShouldBe(404);
        r["openai_upstream_503"]!["status"]!.GetValue<int>().ShouldBe(502);
        r["anthropic_upstream_503"]!["status"]!.GetValue<int>().ShouldBe(502);
        r["openai_stream_cut"]!["error"]!.GetValue<bool>().ShouldBeTrue();
        r["anthropic_stream_cut"]!["error"]!.GetValue<bool>().ShouldBeTrue();
        AssertResponsesApi(r);
    }

    /// <summary>The npm client's responses.create / responses.stream against an OpenAI provider that has the Responses API (passthrough).</summary>
    [Fact]
    public async Task OfficialNpmClient_ResponsesApi_PassedThroughToAnOpenAIResponsesProvider()
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(new ResponsesUpstreamWire(), config => config[$"Purser:Providers:{GatewayHarness.Provider}:ResponsesApi"] = "true");
        UseScriptedAnswers(h);

        JsonObject r = await NpmScript.RunAsync("clients.mjs", "openai", h.Url, GatewayHarness.Model, only: "responses");

        AssertResponsesApi(r);
        h.Upstream.Received.ShouldAllBe(request => request.PathAndQuery == "/v1/responses");
    }

    /// <summary>Tool-bearing requests get a tool call back (until the tool's output is sent); marked prompts get an upstream 503 or a stream cut off midway; the rest get text.</summary>
    private static void UseScriptedAnswers(GatewayHarness h)
    {
        h.Scenario.Answer = new FakeAnswer("Hi from the fake.");
        h.Upstream.Handler = (http, request) =>
        {
            bool tools = request.Body.Contains("get_weather", StringComparison.Ordinal) && !request.Body.Contains("sunny", StringComparison.Ordinal);
            var scenario = new FakeScenario
            {
                Answer = tools ? new FakeAnswer("") { ToolCalls = [new FakeToolCall("call_9", "get_weather", """{"city":"Rome"}""")] } : h.Scenario.Answer,
                ErrorStatus = request.Body.Contains("please-fail-503", StringComparison.Ordinal) ? 503 : null,
                CutStreamAfterEvents = request.Body.Contains("please-cut", StringComparison.Ordinal) ? 2 : null,
            };
            return h.Wire.AnswerAsync(http, request, scenario);
        };
    }

    private static void AssertResponsesApi(JsonObject r)
    {
        r["responses_create"]!["text"]!.GetValue<string>().ShouldBe("Hi from the fake.", r.ToJsonString());
        r["responses_create"]!["status"]!.GetValue<string>().ShouldBe("completed");
        r["responses_create"]!["input"]!.GetValue<int>().ShouldBe(120);
        r["responses_create"]!["cached"]!.GetValue<int>().ShouldBe(20);
        r["responses_create"]!["output"]!.GetValue<int>().ShouldBe(40);
        r["responses_stream"]!["text"]!.GetValue<string>().ShouldBe("Hi from the fake.", r["responses_stream"]!.ToJsonString());
        r["responses_stream"]!["ordered"]!.GetValue<bool>().ShouldBeTrue();
        r["responses_stream"]!["first"]!.GetValue<string>().ShouldBe("response.created");
        r["responses_stream"]!["last"]!.GetValue<string>().ShouldBe("response.completed");
        r["responses_stream"]!["final"]!.GetValue<string>().ShouldBe("Hi from the fake.");
        r["responses_stream"]!["output"]!.GetValue<int>().ShouldBe(40);
        r["responses_tools"]!["name"]!.GetValue<string>().ShouldBe("get_weather", r["responses_tools"]!.ToJsonString());
        r["responses_tools"]!["args"]!["city"]!.GetValue<string>().ShouldBe("Rome");
        r["responses_tools"]!["followUp"]!.GetValue<string>().ShouldBe("Hi from the fake.");
        r["responses_stream_tools"]!["name"]!.GetValue<string>().ShouldBe("get_weather", r["responses_stream_tools"]!.ToJsonString());
        r["responses_stream_tools"]!["args"]!["city"]!.GetValue<string>().ShouldBe("Rome");
        r["responses_stream_tools"]!["final"]!["city"]!.GetValue<string>().ShouldBe("Rome");
        r["responses_followup"]!["text"]!.GetValue<string>().ShouldBe("Hi from the fake.", r["responses_followup"]!.ToJsonString());
        r["responses_followup"]!["retrieved"]!.GetValue<string>().ShouldBe("Hi from the fake.");
        r["responses_followup"]!["gone"]!.GetValue<int>().ShouldBe(404);
        r["responses_unknown_previous"]!["status"]!.GetValue<int>().ShouldBe(404);
        r["responses_stream_cut"]!["error"]!.GetValue<bool>().ShouldBeTrue(r["responses_stream_cut"]!.ToJsonString());
    }
}
