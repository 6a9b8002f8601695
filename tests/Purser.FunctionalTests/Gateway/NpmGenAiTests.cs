using System.Text.Json.Nodes;
using Purser.FunctionalTests.Infrastructure;

namespace Purser.FunctionalTests.Gateway;

/// <summary>
/// The official @google/genai npm SDK (generateContent, generateContentStream, function calls, countTokens) against
/// the gateway's Gemini API and a fake upstream of each kind. scripts/test.sh installs it into tests/js.
/// </summary>
public sealed class NpmGenAiTests
{
    [Theory]
    [MemberData(nameof(Wires.All), MemberType = typeof(Wires))]
    public async Task GoogleGenAiSdk_WorksAgainstTheGateway(string wire)
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(Wires.Create(wire), config => config["Purser:Cache:Enabled"] = "false");
        h.Upstream.Handler = (http, request) =>
        {
            // A request with the weather tool and no function result yet gets a call; marked prompts get an upstream 503.
            bool wantsCall = request.Body.Contains("get_weather", StringComparison.Ordinal) && !request.Body.Contains("sunny", StringComparison.Ordinal);
            var scenario = new FakeScenario
            {
                Answer = wantsCall
                    ? new FakeAnswer("") { ToolCalls = [new FakeToolCall("call_9", "get_weather", """{"city":"Rome"}""")] }
                    : new FakeAnswer(request.Body.Contains("sunny", StringComparison.Ordinal) ? "It is sunny." : "Hi from the fake."),
                ErrorStatus = request.Body.Contains("please-fail-503", StringComparison.Ordinal) ? 503 : null,
            };
            return h.Wire.AnswerAsync(http, request, scenario);
        };

        JsonObject r = await NpmScript.RunAsync("genai.mjs", "@google/genai", h.Url, GatewayHarness.Model);

        r["generate"]!["text"]!.GetValue<string>().ShouldBe("Hi from the fake.", r.ToJsonString());
        r["generate"]!["prompt"]!.GetValue<int>().ShouldBe(120);
        r["generate"]!["finish"]!.GetValue<string>().ShouldBe("STOP");
        r["stream"]!["text"]!.GetValue<string>().ShouldBe("Hi from the fake.", r.ToJsonString());
        r["stream"]!["finish"]!.GetValue<string>().ShouldBe("STOP");
        r["stream"]!["prompt"]!.GetValue<int>().ShouldBe(120);
        r["tool_round_trip"]!["name"]!.GetValue<string>().ShouldBe("get_weather", r.ToJsonString());
        r["tool_round_trip"]!["city"]!.GetValue<string>().ShouldBe("Rome");
        r["tool_round_trip"]!["answer"]!.GetValue<string>().ShouldBe("It is sunny.");
        r["stream_tools"]!["name"]!.GetValue<string>().ShouldBe("get_weather", r.ToJsonString());
        r["stream_tools"]!["city"]!.GetValue<string>().ShouldBe("Rome");
        r["count_tokens"]!["total"]!.GetValue<int>().ShouldBeGreaterThan(0);
        r["unknown_model"]!["status"]!.GetValue<int>().ShouldBe(404);
        r["upstream_503"]!["status"]!.GetValue<int>().ShouldBe(502);
    }
}
