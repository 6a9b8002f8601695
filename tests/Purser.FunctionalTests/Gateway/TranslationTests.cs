using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Purser.FunctionalTests.Infrastructure;

namespace Purser.FunctionalTests.Gateway;

/// <summary>What each upstream actually receives when the client speaks the other protocol.</summary>
public sealed class TranslationTests
{
    private const string PngBase64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

    private static readonly string OpenAIRequest = """
        {"model":"fake-model","max_tokens":321,"temperature":0.3,"top_p":0.9,"stop":["END"],
         "response_format":{"type":"json_object"},
         "messages":[
           {"role":"system","content":"You answer in JSON."},
           {"role":"user","content":[{"type":"text","text":"What is in this image?"},{"type":"image_url","image_url":{"url":"data:image/png;base64,PNG_DATA"}}]},
           {"role":"assistant","content":"Let me check.","tool_calls":[{"id":"call_1","type":"function","function":{"name":"lookup","arguments":"{\"q\":\"pixel\"}"}}]},
           {"role":"tool","tool_call_id":"call_1","content":"a single pixel"}],
         "tools":[{"type":"function","function":{"name":"lookup","description":"Look things up","parameters":{"type":"object","properties":{"q":{"type":"string"}}}}}]}
        """.Replace("PNG_DATA", PngBase64, StringComparison.Ordinal);

    [Fact]
    public async Task OpenAIClient_ToAnthropicUpstream_SendsMessagesApiShapes()
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(new AnthropicUpstreamWire());
        await PostOpenAIAsync(h);

        JsonObject sent = h.Upstream.LastRequest.Json;
        h.Upstream.LastRequest.PathAndQuery.ShouldBe("/v1/messages");
        sent["max_tokens"]!.GetValue<int>().ShouldBe(321);
        sent["temperature"]!.GetValue<double>().ShouldBe(0.3);
        sent["stop_sequences"]![0]!.GetValue<string>().ShouldBe("END");
        sent["system"]!.ToJsonString().ShouldContain("You answer in JSON.");
        sent["system"]!.ToJsonString().ShouldContain("JSON"); // JSON mode becomes an instruction
        JsonArray messages = sent["messages"]!.AsArray();
        messages.Select(m => m!["role"]!.GetValue<string>()).ShouldBe(["user", "assistant", "user"]);
        JsonNode image = messages[0]!["content"]!.AsArray().Single(b => b!["type"]!.GetValue<string>() == "image")!;
        image["source"]!["type"]!.GetValue<string>().ShouldBe("base64");
        image["source"]!["media_type"]!.GetValue<string>().ShouldBe("image/png");
        image["source"]!["data"]!.GetValue<string>().ShouldBe(PngBase64);
        JsonNode toolUse = messages[1]!["content"]!.AsArray().Single(b => b!["type"]!.GetValue<string>() == "tool_use")!;
        toolUse["input"]!["q"]!.GetValue<string>().ShouldBe("pixel");
        JsonNode toolResult = messages[2]!["content"]![0]!;
        toolResult["type"]!.GetValue<string>().ShouldBe("tool_result");
        toolResult["tool_use_id"]!.GetValue<string>().ShouldBe(toolUse["id"]!.GetValue<string>());
        sent["tools"]![0]!["input_schema"]!["properties"]!["q"].ShouldNotBeNull();
    }

    [Fact]
    public async Task OpenAIClient_ToGeminiUpstream_SendsGenerateContentShapes()
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(new GeminiUpstreamWire());
        await PostOpenAIAsync(h);

        ReceivedRequest request = h.Upstream.LastRequest;
        request.PathAndQuery.ShouldBe("/v1beta/models/fake-model:generateContent");
        request.Headers["x-goog-api-key"].ShouldBe(GatewayHarness.UpstreamKey);
        JsonObject sent = request.Json;
        sent["systemInstruction"]!.ToJsonString().ShouldContain("You answer in JSON.");
        sent["generationConfig"]!["maxOutputTokens"]!.GetValue<int>().ShouldBe(321);
        sent["generationConfig"]!["stopSequences"]![0]!.GetValue<string>().ShouldBe("END");
        sent["generationConfig"]!["responseMimeType"]!.GetValue<string>().ShouldBe("application/json");
        JsonArray contents = sent["contents"]!.AsArray();
        contents.Select(c => c!["role"]!.GetValue<string>()).ShouldBe(["user", "model", "user"]);
        contents[0]!["parts"]!.ToJsonString().ShouldContain(PngBase64);
        contents[1]!["parts"]!.AsArray().Single(p => p!["functionCall"] != null)!["functionCall"]!["args"]!["q"]!.GetValue<string>().ShouldBe("pixel");
        contents[2]!["parts"]![0]!["functionResponse"]!["name"]!.GetValue<string>().ShouldBe("lookup");
        sent["tools"]![0]!["functionDeclarations"]![0]!["name"]!.GetValue<string>().ShouldBe("lookup");
    }

    [Fact]
    public async Task AnthropicClient_ToOpenAIUpstream_SendsChatCompletionsShapes()
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(new OpenAIUpstreamWire());
        using HttpClient http = h.Gateway.CreateClient();
        string request = """
            {"model":"fake-model","max_tokens":222,"system":"Be terse.","stop_sequences":["STOP"],"temperature":0.5,
             "tools":[{"name":"lookup","description":"Look up","input_schema":{"type":"object","properties":{"q":{"type":"string"}}}}],
             "tool_choice":{"type":"tool","name":"lookup"},
             "messages":[
               {"role":"user","content":[{"type":"image","source":{"type":"base64","media_type":"image/png","data":"PNG_DATA"}},{"type":"text","text":"Look"}]},
               {"role":"assistant","content":[{"type":"tool_use","id":"toolu_1","name":"lookup","input":{"q":"x"}}]},
               {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"found"},{"type":"text","text":"and then?"}]}]}
            """.Replace("PNG_DATA", PngBase64, StringComparison.Ordinal);

        using HttpResponseMessage response = await http.PostAsync("/v1/messages", new StringContent(request, Encoding.UTF8, "application/json"));

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        JsonObject sent = h.Upstream.LastRequest.Json;
        JsonArray messages = sent["messages"]!.AsArray();
        messages.Select(m => m!["role"]!.GetValue<string>()).ShouldBe(["system", "user", "assistant", "tool", "user"]);
        messages[1]!["content"]!.ToJsonString().ShouldContain("data:image/png;base64," + PngBase64);
        messages[2]!["tool_calls"]![0]!["function"]!["arguments"]!.GetValue<string>().ShouldContain("\"q\"");
        messages[3]!["tool_call_id"]!.GetValue<string>().ShouldBe("toolu_1");
        messages[3]!["content"]!.GetValue<string>().ShouldBe("found");
        sent["stop"]![0]!.GetValue<string>().ShouldBe("STOP");
        sent["tool_choice"]!["function"]!["name"]!.GetValue<string>().ShouldBe("lookup");
        (sent["max_tokens"] ?? sent["max_completion_tokens"])!.GetValue<int>().ShouldBe(222);
    }

    [Fact]
    public async Task OpenAISamplingSettingsWithoutCounterpart_ToAnthropicUpstream_AreDroppedAndNamed()
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(new AnthropicUpstreamWire());
        using HttpClient http = h.Gateway.CreateClient();

        using HttpResponseMessage response = await http.PostAsync("/v1/chat/completions", new StringContent("""{"model":"fake-model","seed":42,"presence_penalty":0.5,"store":true,"messages":[{"role":"user","content":"x"}]}""", Encoding.UTF8, "application/json"));

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        response.Headers.GetValues("x-purser-dropped-fields").Single().ShouldBe("seed, presence_penalty, store");
        h.Upstream.LastRequest.Body.ShouldNotContain("seed");
    }

    [Fact]
    public async Task OpenAIOnlyFeatures_ToAnthropicUpstream_Are400NamingTheField()
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(new AnthropicUpstreamWire());
        using HttpClient http = h.Gateway.CreateClient();

        foreach (string extra in new[] { "\"logprobs\":true", "\"n\":3", "\"logit_bias\":{\"50256\":-100}" })
        {
            using HttpResponseMessage response = await http.PostAsync("/v1/chat/completions", new StringContent($$"""{"model":"fake-model",{{extra}},"messages":[{"role":"user","content":"x"}]}""", Encoding.UTF8, "application/json"));
            string body = await response.Content.ReadAsStringAsync();
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, body);
            body.ShouldContain(extra.Split(':')[0].Trim('"'));
        }

        h.Upstream.CallCount.ShouldBe(0);
    }

    private static async Task PostOpenAIAsync(GatewayHarness h)
    {
        using HttpClient http = h.Gateway.CreateClient();
        using HttpResponseMessage response = await http.PostAsync("/v1/chat/completions", new StringContent(OpenAIRequest, Encoding.UTF8, "application/json"));
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }
}
