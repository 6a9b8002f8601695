using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Purser.FunctionalTests.Infrastructure;

namespace Purser.FunctionalTests.Gateway;

/// <summary>
/// Requests shaped as Claude Code 2.1 sends them (captured from `claude -p`): system blocks with cache_control, a
/// role "system" message inside messages, adaptive thinking, output_config.effort, context_management, metadata and
/// anthropic-beta features — onto OpenAI-compatible and Gemini upstreams.
/// </summary>
public sealed class ClaudeCodeTranslationTests
{
    private const string Request = """
        {"model":"fake-model","max_tokens":32000,"stream":STREAM,
         "system":[{"type":"text","text":"x-anthropic-billing-header: cc_version=2.1.197;"},
                   {"type":"text","text":"You are Claude Code.","cache_control":{"type":"ephemeral"}}],
         "messages":[{"role":"user","content":[{"type":"text","text":"<system-reminder>context</system-reminder>"},
                                              {"type":"text","text":"say hi","cache_control":{"type":"ephemeral"}}]},
                     {"role":"system","content":"Available agent types: Explore."}],
         "tools":[{"name":"Read","description":"Read a file","input_schema":{"type":"object","properties":{"file_path":{"type":"string"}},"required":["file_path"]}}],
         "metadata":{"user_id":"{\"device_id\":\"abc\"}"},
         "thinking":{"type":"adaptive"},
         "context_management":{"edits":[{"type":"clear_thinking_20251015","keep":"all"}]},
         "output_config":{"effort":"high"}}
        """;

    private const string Beta = "claude-code-20250219,interleaved-thinking-2025-05-14,context-management-2025-06-27,effort-2025-11-24";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ClaudeCodeRequest_OntoOpenAI_SystemMessageInPlace_EffortMapped_TuningDroppedAndNamed(bool stream)
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(new OpenAIUpstreamWire());
        h.Scenario.Answer = new FakeAnswer("Hi from GPT.");

        var (response, body) = await PostAsync(h, stream);

        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        string text = stream
            ? string.Concat(Sse.JsonData(Sse.Parse(body)).Select(e => e["delta"]?["text"]?.GetValue<string>() ?? ""))
            : JsonNode.Parse(body)!["content"]![0]!["text"]!.GetValue<string>();
        text.ShouldBe("Hi from GPT.");
        JsonObject sent = h.Upstream.LastRequest.Json;
        JsonArray messages = sent["messages"]!.AsArray();
        messages.Select(m => m!["role"]!.GetValue<string>()).ShouldBe(["system", "system", "user", "system"]);
        messages[3]!["content"]!.GetValue<string>().ShouldBe("Available agent types: Explore.");
        sent["reasoning_effort"]!.GetValue<string>().ShouldBe("high");
        sent["user"]!.GetValue<string>().ShouldContain("device_id");
        sent.ContainsKey("context_management").ShouldBeFalse();
        h.Upstream.LastRequest.Body.ShouldNotContain("cache_control");
        DroppedFields(response).ShouldBe(["anthropic-beta", "cache_control", "context_management"], ignoreOrder: true);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ClaudeCodeRequest_OntoGemini_SystemMessagesMergedInOrder_ThinkingShown(bool stream)
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(new GeminiUpstreamWire());
        h.Scenario.Answer = new FakeAnswer("Hi from Gemini.");

        var (response, body) = await PostAsync(h, stream);

        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        JsonObject sent = h.Upstream.LastRequest.Json;
        sent["systemInstruction"]!["parts"]!.AsArray().Select(p => p!["text"]!.GetValue<string>())
            .ShouldBe(["x-anthropic-billing-header: cc_version=2.1.197;", "You are Claude Code.", "Available agent types: Explore."]);
        sent["contents"]!.AsArray().Select(c => c!["role"]!.GetValue<string>()).ShouldBe(["user"]);
        sent["generationConfig"]!["thinkingConfig"]!["includeThoughts"]!.GetValue<bool>().ShouldBeTrue();
        sent["generationConfig"]!["thinkingConfig"]!["thinkingBudget"].ShouldNotBeNull(); // effort high on a model named without a version
        DroppedFields(response).ShouldBe(["anthropic-beta", "cache_control", "context_management", "metadata"], ignoreOrder: true);
    }

    [Fact]
    public async Task StrictTranslation_RefusesTheFirstDroppedField_WithoutCallingTheUpstream()
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(new OpenAIUpstreamWire(), config => config["Purser:Translation:Strict"] = "true");

        var (response, body) = await PostAsync(h, stream: false);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, body);
        JsonNode error = JsonNode.Parse(body)!["error"]!;
        error["type"]!.GetValue<string>().ShouldBe("invalid_request_error");
        error["message"]!.GetValue<string>().ShouldContain("Purser:Translation:Strict");
        h.Upstream.CallCount.ShouldBe(0);
    }

    [Fact]
    public async Task ClaudeCodeRequest_OntoAnthropic_IsPassedThroughUntouched()
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(new AnthropicUpstreamWire());

        var (response, body) = await PostAsync(h, stream: false);

        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        JsonObject sent = h.Upstream.LastRequest.Json;
        sent["messages"]![1]!["role"]!.GetValue<string>().ShouldBe("system");
        sent["context_management"].ShouldNotBeNull();
        sent["output_config"]!["effort"]!.GetValue<string>().ShouldBe("high");
        h.Upstream.LastRequest.Headers["anthropic-beta"].ShouldBe(Beta);
        response.Headers.Contains("x-purser-dropped-fields").ShouldBeFalse();
    }

    private static string[] DroppedFields(HttpResponseMessage response) =>
        response.Headers.GetValues("x-purser-dropped-fields").Single().Split(", ");

    private static async Task<(HttpResponseMessage Response, string Body)> PostAsync(GatewayHarness h, bool stream)
    {
        using HttpClient http = h.Gateway.CreateClient();
        using var message = new HttpRequestMessage(HttpMethod.Post, "/v1/messages?beta=true")
        {
            Content = new StringContent(Request.Replace("STREAM", stream ? "true" : "false", StringComparison.Ordinal), Encoding.UTF8, "application/json"),
        };
        message.Headers.Add("anthropic-beta", Beta);
        message.Headers.Add("anthropic-version", "2023-06-01");
        HttpResponseMessage response = await http.SendAsync(message);
        return (response, await response.Content.ReadAsStringAsync());
    }
}
