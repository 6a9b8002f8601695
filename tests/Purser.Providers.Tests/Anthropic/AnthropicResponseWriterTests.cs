using System.Text.Json.Nodes;
using Purser.Chat;
using Purser.Providers.Anthropic;
using Purser.Usage;

namespace Purser.Providers.Tests.Anthropic;

public sealed class AnthropicResponseWriterTests
{
    [Fact]
    public void Write_FullAnswer_HasTheMessageShape()
    {
        var response = new ChatResponse
        {
            Id = "chatcmpl-abc",
            Model = "gpt-4o",
            FinishReason = FinishReason.StopSequence,
            StopSequence = "###",
            Usage = new TokenUsage(1300, 80, cachedInputTokens: 1000, cacheWriteTokens: 200),
        };
        response.Content.Add(new ThinkingPart("plan") { Signature = "sig" });
        response.Content.Add(new TextPart("Answer"));
        response.Content.Add(new ThinkingPart("") { RedactedData = "enc" });

        JsonObject body = JsonNode.Parse(AnthropicResponseWriter.Write(response, "smart"))!.AsObject();

        body["id"]!.GetValue<string>().ShouldBe("msg_chatcmpl-abc");
        body["type"]!.GetValue<string>().ShouldBe("message");
        body["role"]!.GetValue<string>().ShouldBe("assistant");
        body["model"]!.GetValue<string>().ShouldBe("smart");
        JsonArray content = body["content"]!.AsArray();
        content.Select(b => b!["type"]!.GetValue<string>()).ShouldBe(["thinking", "text", "redacted_thinking"]);
        content[0]!["signature"]!.GetValue<string>().ShouldBe("sig");
        content[2]!["data"]!.GetValue<string>().ShouldBe("enc");
        body["stop_reason"]!.GetValue<string>().ShouldBe("stop_sequence");
        body["stop_sequence"]!.GetValue<string>().ShouldBe("###");
        JsonNode usage = body["usage"]!;
        usage["input_tokens"]!.GetValue<long>().ShouldBe(100);
        usage["cache_creation_input_tokens"]!.GetValue<long>().ShouldBe(200);
        usage["cache_read_input_tokens"]!.GetValue<long>().ShouldBe(1000);
        usage["output_tokens"]!.GetValue<long>().ShouldBe(80);
    }

    [Fact]
    public void Write_ToolCallsWithStopReasonStop_SaysToolUse()
    {
        var response = new ChatResponse { Id = "msg_keep", FinishReason = FinishReason.Stop };
        response.Content.Add(new ToolCallPart("call_1", "f", "{\"x\":[1,2]}"));
        response.Content.Add(new ToolCallPart("call_2", "g", "not json"));

        JsonObject body = JsonNode.Parse(AnthropicResponseWriter.Write(response, "m"))!.AsObject();

        body["id"]!.GetValue<string>().ShouldBe("msg_keep");
        body["stop_reason"]!.GetValue<string>().ShouldBe("tool_use");
        body["stop_sequence"].ShouldBeNull();
        body["content"]![0]!["input"]!["x"]![1]!.GetValue<int>().ShouldBe(2);
        body["content"]![1]!["input"]!["_raw_arguments"]!.GetValue<string>().ShouldBe("not json");
    }

    [Theory]
    [InlineData(FinishReason.Stop, "end_turn")]
    [InlineData(FinishReason.Length, "max_tokens")]
    [InlineData(FinishReason.ToolCalls, "tool_use")]
    [InlineData(FinishReason.ContentFilter, "refusal")]
    [InlineData(FinishReason.Refusal, "refusal")]
    [InlineData(FinishReason.Other, "end_turn")]
    public void Write_FinishReason_MapsToStopReason(object reasonValue, string expected)
    {
        var reason = (FinishReason)reasonValue;
        var response = new ChatResponse { FinishReason = reason };
        response.Content.Add(new TextPart("x"));

        JsonNode.Parse(AnthropicResponseWriter.Write(response, "m"))!["stop_reason"]!.GetValue<string>().ShouldBe(expected);
    }

    [Fact]
    public void Write_ThenRead_RoundTrips()
    {
        var response = new ChatResponse { Id = "msg_1", Model = "m", FinishReason = FinishReason.ToolCalls, Usage = new TokenUsage(500, 40, 300, 100) };
        response.Content.Add(new TextPart("Calling."));
        response.Content.Add(new ToolCallPart("toolu_1", "f", """{"a":1}"""));

        ChatResponse back = AnthropicResponseReader.Read(AnthropicResponseWriter.Write(response, "m"));

        back.Usage.ShouldBe(response.Usage);
        back.Text.ShouldBe("Calling.");
        back.Content[1].ShouldBeOfType<ToolCallPart>().Arguments.ShouldBe("""{"a":1}""");
        back.FinishReason.ShouldBe(FinishReason.ToolCalls);
    }
}
