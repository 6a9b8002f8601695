using System.Text;
using System.Text.Json.Nodes;
using Purser.Chat;
using Purser.Providers.Anthropic;
using Purser.Providers.Json;
using Purser.Providers.OpenAI;
using Purser.Usage;

namespace Purser.Providers.Tests.Anthropic;

/// <summary>Anthropic-inbound requests sent to OpenAI-compatible upstreams, and answers carried back across the two protocols.</summary>
public sealed class CrossProtocolTranslationTests
{
    private static JsonObject ToOpenAI(string anthropicJson, bool stream = false)
    {
        ChatRequest request = AnthropicRequestReader.Read(Encoding.UTF8.GetBytes(anthropicJson));
        return JsonNode.Parse(OpenAIRequestWriter.Write(request, "gpt-upstream", stream, useMaxCompletionTokens: false))!.AsObject();
    }

    [Fact]
    public void AnthropicRequest_ToOpenAI_TranslatesSystemTurnsAndSettings()
    {
        JsonObject body = ToOpenAI("""
            {"model":"claude","max_tokens":512,"temperature":0.4,"top_p":0.9,"stop_sequences":["END"],
             "metadata":{"user_id":"u-7"},
             "system":[{"type":"text","text":"Be brief.","cache_control":{"type":"ephemeral"}}],
             "messages":[{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello!"},{"role":"user","content":"Bye"}]}
            """);

        body["model"]!.GetValue<string>().ShouldBe("gpt-upstream");
        body["max_tokens"]!.GetValue<int>().ShouldBe(512);
        body["temperature"]!.GetValue<double>().ShouldBe(0.4);
        body["top_p"]!.GetValue<double>().ShouldBe(0.9);
        body["stop"]![0]!.GetValue<string>().ShouldBe("END");
        body["user"]!.GetValue<string>().ShouldBe("u-7");
        JsonArray messages = body["messages"]!.AsArray();
        messages.Select(m => m!["role"]!.GetValue<string>()).ShouldBe(["system", "user", "assistant", "user"]);
        messages[0]!["content"]!.GetValue<string>().ShouldBe("Be brief.");
        messages[3]!["content"]!.GetValue<string>().ShouldBe("Bye");
    }

    [Fact]
    public void AnthropicRequest_ToOpenAI_TranslatesToolsCallsResultsAndImages()
    {
        JsonObject body = ToOpenAI("""
            {"model":"claude","max_tokens":512,
             "tools":[{"name":"weather","description":"Weather now","input_schema":{"type":"object","properties":{"city":{"type":"string"}}}}],
             "tool_choice":{"type":"tool","name":"weather","disable_parallel_tool_use":true},
             "messages":[
              {"role":"user","content":[{"type":"text","text":"What is this and the weather?"},{"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo="}},{"type":"image","source":{"type":"url","url":"https://example.com/b.jpg"}}]},
              {"role":"assistant","content":[{"type":"tool_use","id":"toolu_1","name":"weather","input":{"city":"Oslo"}}]},
              {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":[{"type":"text","text":"-3C"}]},{"type":"text","text":"Thanks"}]}]}
            """);

        JsonArray messages = body["messages"]!.AsArray();
        messages.Select(m => m!["role"]!.GetValue<string>()).ShouldBe(["user", "assistant", "tool", "user"]);
        messages[0]!["content"]![1]!["image_url"]!["url"]!.GetValue<string>().ShouldBe("data:image/png;base64,iVBORw0KGgo=");
        messages[0]!["content"]![2]!["image_url"]!["url"]!.GetValue<string>().ShouldBe("https://example.com/b.jpg");
        JsonNode call = messages[1]!["tool_calls"]![0]!;
        call["id"]!.GetValue<string>().ShouldBe("toolu_1");
        call["function"]!["name"]!.GetValue<string>().ShouldBe("weather");
        JsonNode.Parse(call["function"]!["arguments"]!.GetValue<string>())!["city"]!.GetValue<string>().ShouldBe("Oslo");
        messages[2]!["tool_call_id"]!.GetValue<string>().ShouldBe("toolu_1");
        messages[2]!["content"]!.GetValue<string>().ShouldBe("-3C");
        messages[3]!["content"]!.GetValue<string>().ShouldBe("Thanks");
        body["tools"]![0]!["function"]!["parameters"]!["properties"]!["city"].ShouldNotBeNull();
        body["tool_choice"]!["function"]!["name"]!.GetValue<string>().ShouldBe("weather");
        body["parallel_tool_calls"]!.GetValue<bool>().ShouldBeFalse();
    }

    [Fact]
    public void AnthropicRequest_ToOpenAI_MapsThinkingBudgetToEffortAndStructuredOutputToJsonSchema()
    {
        JsonObject body = ToOpenAI("""
            {"model":"claude","max_tokens":30000,"thinking":{"type":"enabled","budget_tokens":10000},
             "output_config":{"format":{"type":"json_schema","schema":{"type":"object","properties":{"a":{"type":"string"}}}}},
             "messages":[{"role":"user","content":"x"}]}
            """, stream: true);

        body["reasoning_effort"]!.GetValue<string>().ShouldBe("medium");
        body["response_format"]!["type"]!.GetValue<string>().ShouldBe("json_schema");
        body["response_format"]!["json_schema"]!["schema"]!["properties"]!["a"].ShouldNotBeNull();
        body["stream_options"]!["include_usage"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Theory]
    [InlineData("""{"tools":[{"type":"web_search_20250305","name":"web_search"}]}""", "tools[0]:web_search_20250305")]
    [InlineData("""{"mcp_servers":[{"type":"url","url":"https://example.com/mcp","name":"x"}]}""", "mcp_servers")]
    [InlineData("""{"some_future_field":true}""", "some_future_field")]
    public void AnthropicRequest_ToOpenAI_UntranslatableSetting_Throws(string extra, string param)
    {
        JsonObject json = JsonNode.Parse("""{"model":"claude","max_tokens":10,"messages":[{"role":"user","content":"x"}]}""")!.AsObject();
        foreach (var (name, value) in JsonNode.Parse(extra)!.AsObject())
        {
            json[name] = value?.DeepClone();
        }

        Should.Throw<InvalidRequestException>(() => ToOpenAI(json.ToJsonString())).Param.ShouldBe(param);
    }

    [Fact]
    public void AnthropicRequest_ToOpenAI_DocumentBlock_Throws()
    {
        InvalidRequestException ex = Should.Throw<InvalidRequestException>(() => ToOpenAI("""
            {"model":"claude","max_tokens":10,"messages":[{"role":"user","content":[{"type":"document","source":{"type":"url","url":"https://example.com/a.pdf"}}]}]}
            """));

        ex.Message.ShouldContain("document");
    }

    [Fact]
    public void OpenAIAnswer_ToAnthropicClient_KeepsTextToolCallsAndUsage()
    {
        ChatResponse response = OpenAIResponseReader.Read("""
            {"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"gpt-4o",
             "choices":[{"index":0,"message":{"role":"assistant","content":"Let me check.","tool_calls":[
               {"id":"call_1","type":"function","function":{"name":"weather","arguments":"{\"city\":\"Oslo\"}"}}]},"finish_reason":"tool_calls"}],
             "usage":{"prompt_tokens":120,"completion_tokens":30,"total_tokens":150,"prompt_tokens_details":{"cached_tokens":100}}}
            """u8);

        JsonObject body = JsonNode.Parse(AnthropicResponseWriter.Write(response, "smart"))!.AsObject();

        body["id"]!.GetValue<string>().ShouldStartWith("msg_");
        body["model"]!.GetValue<string>().ShouldBe("smart");
        body["content"]![0]!["text"]!.GetValue<string>().ShouldBe("Let me check.");
        body["content"]![1]!["type"]!.GetValue<string>().ShouldBe("tool_use");
        body["content"]![1]!["input"]!["city"]!.GetValue<string>().ShouldBe("Oslo");
        body["stop_reason"]!.GetValue<string>().ShouldBe("tool_use");
        body["usage"]!["input_tokens"]!.GetValue<long>().ShouldBe(20);
        body["usage"]!["cache_read_input_tokens"]!.GetValue<long>().ShouldBe(100);
        body["usage"]!["output_tokens"]!.GetValue<long>().ShouldBe(30);
    }

    [Fact]
    public void AnthropicAnswer_ToOpenAIClient_CountsCachedTokensInPromptTokens()
    {
        ChatResponse response = AnthropicResponseReader.Read("""
            {"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5",
             "content":[{"type":"text","text":"Hi"}],"stop_reason":"max_tokens","stop_sequence":null,
             "usage":{"input_tokens":10,"cache_creation_input_tokens":200,"cache_read_input_tokens":1000,"output_tokens":5}}
            """u8);

        JsonObject body = JsonNode.Parse(OpenAIResponseWriter.Write(response, "smart", 1700000000))!.AsObject();

        body["choices"]![0]!["finish_reason"]!.GetValue<string>().ShouldBe("length");
        body["usage"]!["prompt_tokens"]!.GetValue<long>().ShouldBe(1210);
        body["usage"]!["prompt_tokens_details"]!["cached_tokens"]!.GetValue<long>().ShouldBe(1000);
        body["usage"]!["completion_tokens"]!.GetValue<long>().ShouldBe(5);
        response.Usage.ShouldBe(new TokenUsage(1210, 5, 1000, 200));
    }
}
