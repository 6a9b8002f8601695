using System.Text.Json;
using Purser.Chat;
using Purser.Providers.Anthropic;
using Purser.Usage;

namespace Purser.Providers.Tests.Anthropic;

public sealed class AnthropicResponseReaderTests
{
    [Fact]
    public void Read_DocumentedTextAnswer_MapsIdModelTextAndUsage()
    {
        ChatResponse response = AnthropicResponseReader.Read("""
            {"content":[{"text":"Hi! My name is Claude.","type":"text"}],"id":"msg_013Zva2CMHLNnXjNJJKqJ2EF",
             "model":"claude-sonnet-4-5-20250929","role":"assistant","stop_reason":"end_turn","stop_sequence":null,
             "type":"message","usage":{"input_tokens":2095,"output_tokens":503}}
            """u8);

        response.Id.ShouldBe("msg_013Zva2CMHLNnXjNJJKqJ2EF");
        response.Model.ShouldBe("claude-sonnet-4-5-20250929");
        response.Text.ShouldBe("Hi! My name is Claude.");
        response.FinishReason.ShouldBe(FinishReason.Stop);
        response.StopSequence.ShouldBeNull();
        response.Usage.ShouldBe(new TokenUsage(2095, 503));
    }

    [Fact]
    public void Read_CacheUsage_AddsCacheReadsAndWritesToInput()
    {
        ChatResponse response = AnthropicResponseReader.Read("""
            {"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[{"type":"text","text":"ok"}],
             "stop_reason":"end_turn","stop_sequence":null,
             "usage":{"input_tokens":21,"cache_creation_input_tokens":188086,"cache_read_input_tokens":0,"output_tokens":393,
                      "cache_creation":{"ephemeral_5m_input_tokens":188086,"ephemeral_1h_input_tokens":0},"service_tier":"standard"}}
            """u8);

        response.Usage.InputTokens.ShouldBe(188107);
        response.Usage.CacheWriteTokens.ShouldBe(188086);
        response.Usage.CachedInputTokens.ShouldBe(0);
        response.Usage.UncachedInputTokens.ShouldBe(21);
        response.Usage.OutputTokens.ShouldBe(393);
        response.Usage.ReasoningTokens.ShouldBe(0);
    }

    [Fact]
    public void Read_ThinkingAndToolUse_KeepsOrderSignatureAndArguments()
    {
        ChatResponse response = AnthropicResponseReader.Read("""
            {"id":"msg_2","type":"message","role":"assistant","model":"claude-sonnet-4-5",
             "content":[
               {"type":"thinking","thinking":"The user wants the weather.","signature":"EqQBCgIYAhIM1gbcDa9GJwZA2b3h"},
               {"type":"redacted_thinking","data":"EmwKAhgBEgy3va3pzix"},
               {"type":"text","text":"I'll check."},
               {"type":"tool_use","id":"toolu_01A09q90qw90lq917835lq9","name":"get_weather","input":{"location":"San Francisco, CA","unit":"celsius"}}],
             "stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":472,"output_tokens":91}}
            """u8);

        response.Content.Count.ShouldBe(4);
        var thinking = response.Content[0].ShouldBeOfType<ThinkingPart>();
        thinking.Text.ShouldBe("The user wants the weather.");
        thinking.Signature.ShouldBe("EqQBCgIYAhIM1gbcDa9GJwZA2b3h");
        response.Content[1].ShouldBeOfType<ThinkingPart>().RedactedData.ShouldBe("EmwKAhgBEgy3va3pzix");
        response.Content[2].ShouldBeOfType<TextPart>().Text.ShouldBe("I'll check.");
        var call = response.Content[3].ShouldBeOfType<ToolCallPart>();
        call.Id.ShouldBe("toolu_01A09q90qw90lq917835lq9");
        call.Name.ShouldBe("get_weather");
        JsonDocument.Parse(call.Arguments).RootElement.GetProperty("unit").GetString().ShouldBe("celsius");
        response.FinishReason.ShouldBe(FinishReason.ToolCalls);
    }

    [Theory]
    [InlineData("end_turn", FinishReason.Stop)]
    [InlineData("max_tokens", FinishReason.Length)]
    [InlineData("stop_sequence", FinishReason.StopSequence)]
    [InlineData("tool_use", FinishReason.ToolCalls)]
    [InlineData("refusal", FinishReason.Refusal)]
    [InlineData("pause_turn", FinishReason.Other)]
    public void Read_StopReason_MapsToFinishReason(string stopReason, object expectedValue)
    {
        var expected = (FinishReason)expectedValue;
        string stopSequence = stopReason == "stop_sequence" ? "\"###\"" : "null";
        string json = """{"id":"m","content":[],"stop_reason":""" + "\"" + stopReason + "\",\"stop_sequence\":" + stopSequence
            + ""","usage":{"input_tokens":1,"output_tokens":1}}""";
        ChatResponse response = AnthropicResponseReader.Read(System.Text.Encoding.UTF8.GetBytes(json));

        response.FinishReason.ShouldBe(expected);
        response.StopSequence.ShouldBe(stopReason == "stop_sequence" ? "###" : null);
    }

    [Fact]
    public void Read_JsonToolCall_BecomesTextWhenTheRequestUsedIt()
    {
        byte[] body = """
            {"id":"msg_3","content":[{"type":"tool_use","id":"toolu_9","name":"json_response","input":{"name":"Bob","age":42}}],
             "stop_reason":"tool_use","usage":{"input_tokens":50,"output_tokens":20}}
            """u8.ToArray();

        ChatResponse asJson = AnthropicResponseReader.Read(body, AnthropicRequestWriter.JsonToolName);
        ChatResponse asTool = AnthropicResponseReader.Read(body);

        asJson.Content.ShouldHaveSingleItem().ShouldBeOfType<TextPart>();
        JsonDocument.Parse(asJson.Text).RootElement.GetProperty("age").GetInt32().ShouldBe(42);
        asJson.FinishReason.ShouldBe(FinishReason.Stop);
        asTool.Content.ShouldHaveSingleItem().ShouldBeOfType<ToolCallPart>().Name.ShouldBe("json_response");
        asTool.FinishReason.ShouldBe(FinishReason.ToolCalls);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("""{"type":"message","id":"x"}""")]
    [InlineData("""{"content":"text"}""")]
    [InlineData("not json")]
    public void Read_NotAMessage_ThrowsJsonException(string body)
    {
        Should.Throw<JsonException>(() => AnthropicResponseReader.Read(System.Text.Encoding.UTF8.GetBytes(body)));
    }
}
