using System.Text;
using Purser.Chat;
using Purser.Providers.Json;
using Purser.Providers.Responses;

namespace Purser.Providers.Tests.Responses;

public sealed class ResponsesRequestReaderTests
{
    private static ChatRequest Read(string json) => ResponsesRequestReader.Read(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Read_StringInputAndInstructions_BecomeAUserTurnAndTheSystemPrompt()
    {
        ChatRequest request = Read("""{"model":"m","instructions":"Be brief.","input":"hello","max_output_tokens":100,"temperature":0.5,"stream":true}""");

        request.SourceProtocol.ShouldBe(WireProtocol.OpenAIResponses);
        request.System.Single().Text.ShouldBe("Be brief.");
        request.Messages.Single().Role.ShouldBe(ChatRole.User);
        request.Messages[0].Text.ShouldBe("hello");
        request.MaxTokens.ShouldBe(100);
        request.Temperature.ShouldBe(0.5);
        request.Stream.ShouldBeTrue();
    }

    [Fact]
    public void Read_Items_MergeIntoTurns()
    {
        ChatRequest request = Read("""
            {"model":"m","input":[
              {"type":"message","role":"developer","content":[{"type":"input_text","text":"rules"}]},
              {"role":"user","content":"q"},
              {"type":"reasoning","summary":[{"type":"summary_text","text":"think"}],"encrypted_content":"purser:anthropic:sig-1"},
              {"type":"message","role":"assistant","content":[{"type":"output_text","text":"calling"}]},
              {"type":"function_call","call_id":"c1","name":"get_weather","arguments":"{\"city\":\"Rome\"}"},
              {"type":"function_call_output","call_id":"c1","output":"sunny"},
              {"type":"custom_tool_call_output","call_id":"c2","output":"done"}
            ]}
            """);

        request.System.Single().Text.ShouldBe("rules");
        request.Messages.Select(m => m.Role).ShouldBe([ChatRole.User, ChatRole.Assistant, ChatRole.Tool]);
        List<ContentPart> assistant = request.Messages[1].Content;
        ThinkingPart thinking = assistant[0].ShouldBeOfType<ThinkingPart>();
        thinking.Text.ShouldBe("think");
        thinking.Signature.ShouldBe("sig-1");
        assistant[1].ShouldBeOfType<TextPart>().Text.ShouldBe("calling");
        assistant[2].ShouldBeOfType<ToolCallPart>().Name.ShouldBe("get_weather");
        request.Messages[2].Content.OfType<ToolResultPart>().Select(r => r.ToolCallId).ShouldBe(["c1", "c2"]);
    }

    [Fact]
    public void Read_OpenAIsOwnReasoning_CarriesNoSignatureAnotherProviderCouldMisread()
    {
        ChatRequest request = Read("""{"model":"m","input":[{"role":"user","content":"q"},{"type":"reasoning","summary":[],"encrypted_content":"gAAAA-openai"}]}""");

        request.Messages.Count.ShouldBe(1); // an empty reasoning item from OpenAI carries nothing to translate
    }

    [Fact]
    public void Read_CustomAndNamespacedTools_BecomeFunctionsWithTheirCallsMapped()
    {
        ChatRequest request = Read("""
            {"model":"m","input":[{"role":"user","content":"q"},
              {"type":"custom_tool_call","call_id":"c1","name":"apply_patch","input":"*** Begin Patch"},
              {"type":"function_call","call_id":"c2","name":"close_agent","namespace":"agents","arguments":"{}"}],
             "tools":[
              {"type":"custom","name":"apply_patch","description":"Patch.","format":{"type":"grammar","syntax":"lark","definition":"start: x"}},
              {"type":"namespace","name":"agents","description":"A.","tools":[{"type":"function","name":"close_agent","parameters":{"type":"object"}}]},
              {"type":"function","name":"close_agent","parameters":{"type":"object"}},
              {"type":"web_search"}]}
            """);

        request.Tools!.Select(t => t.Name).ShouldBe(["apply_patch", "agents__close_agent", "close_agent"]);
        request.Tools![0].Parameters!["properties"]!["input"]!["description"]!.GetValue<string>().ShouldContain("start: x");
        var calls = request.Messages[1].Content.OfType<ToolCallPart>().ToList();
        calls[0].Arguments.ShouldBe("""{"input":"*** Begin Patch"}""");
        calls[1].Name.ShouldBe("agents__close_agent");
        request.Extensions.Keys.ShouldContain("tools[3]:web_search");
    }

    [Fact]
    public void Read_TextFormatReasoningAndTuningFields()
    {
        ChatRequest request = Read("""
            {"model":"m","input":"q","text":{"format":{"type":"json_schema","name":"answer","schema":{"type":"object"},"strict":true},"verbosity":"low"},
             "reasoning":{"effort":"high","summary":"auto"},"store":false,"include":["reasoning.encrypted_content"],"prompt_cache_key":"k","top_logprobs":0}
            """);

        request.ResponseFormat!.Kind.ShouldBe(ResponseFormatKind.JsonSchema);
        request.ResponseFormat.SchemaName.ShouldBe("answer");
        request.ReasoningEffort.ShouldBe("high");
        request.Extensions.Keys.ShouldBe(["text.verbosity", "reasoning.summary", "include", "prompt_cache_key"], ignoreOrder: true);
    }

    [Theory]
    [InlineData("""{"model":"m"}""", "input")]
    [InlineData("""{"model":"m","input":[{"type":"message","role":"wizard","content":"x"}]}""", "input[0].role")]
    [InlineData("""{"model":"m","input":[{"type":"function_call","name":"f"}]}""", "input[0].call_id")]
    [InlineData("""{"model":"m","input":"q","reasoning":{"effort":"huge"}}""", "reasoning.effort")]
    [InlineData("""{"model":"m","input":"q","background":true}""", "background")]
    [InlineData("""{"model":"m","input":"q","tools":[{"type":"function"}]}""", "tools[0].name")]
    [InlineData("""{"model":"m","input":"q","text":{"format":{"type":"xml"}}}""", "text.format.type")]
    public void Read_Malformed_IsRefusedNamingTheField(string json, string param)
    {
        InvalidRequestException ex = Should.Throw<InvalidRequestException>(() => Read(json));
        ex.Param.ShouldBe(param);
    }
}
