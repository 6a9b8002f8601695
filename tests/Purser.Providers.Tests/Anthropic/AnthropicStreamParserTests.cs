using System.Text;
using System.Text.Json;
using Purser.Chat;
using Purser.Errors;
using Purser.Providers.Anthropic;
using Purser.Providers.Sse;
using Purser.Streaming;
using Purser.Usage;

namespace Purser.Providers.Tests.Anthropic;

public sealed class AnthropicStreamParserTests
{
    [Fact]
    public async Task Parse_FullStream_EmitsCanonicalEventsInOrder()
    {
        var parser = new AnthropicStreamParser();

        List<StreamChunk> chunks = await SseTestData.ParseAsync(SseTestData.ThinkingTextToolStream, parser);
        List<StreamEvent> events = chunks.SelectMany(c => c.Events).ToList();

        var start = events[0].ShouldBeOfType<StreamStartEvent>();
        start.Id.ShouldBe("msg_01A");
        start.Model.ShouldBe("claude-sonnet-4-5-20250929");
        events[1].ShouldBeOfType<UsageEvent>().Usage.ShouldBe(new TokenUsage(2572, 2, 2000, 100));
        events[2].ShouldBeOfType<ThinkingDeltaEvent>().Text.ShouldBe("The user wants the weather. ");
        events[3].ShouldBeOfType<ThinkingDeltaEvent>().Text.ShouldBe("I'll call the tool.");
        var signature = events[4].ShouldBeOfType<ThinkingDeltaEvent>();
        signature.Text.ShouldBe("");
        signature.Signature.ShouldBe("EqQBCgIYAhIM1gbcDa9GJwZA2b3h");
        events[5].ShouldBeOfType<TextDeltaEvent>().Text.ShouldBe("Okay, let's check");
        events[6].ShouldBeOfType<TextDeltaEvent>().Text.ShouldBe(" the weather.");
        var tool = events[7].ShouldBeOfType<ToolCallStartEvent>();
        tool.Index.ShouldBe(0);
        tool.Id.ShouldBe("toolu_01T1x1fJ34qAmk2tNTrN7Up6");
        tool.Name.ShouldBe("get_weather");
        events[8].ShouldBeOfType<ToolCallDeltaEvent>().ArgumentsDelta.ShouldBe("{\"location\": \"San Fra");
        events[9].ShouldBeOfType<ToolCallDeltaEvent>().ArgumentsDelta.ShouldBe("ncisco, CA\"}");
        events[10].ShouldBeOfType<FinishEvent>().Reason.ShouldBe(FinishReason.ToolCalls);
        events[11].ShouldBeOfType<UsageEvent>().Usage.ShouldBe(new TokenUsage(2572, 89, 2000, 100));
        events.Count.ShouldBe(12);
        parser.IsComplete.ShouldBeTrue();
    }

    [Fact]
    public async Task Parse_FullStream_ReassemblesTheAnswerAndKeepsRawBytes()
    {
        List<StreamChunk> chunks = await SseTestData.ParseAsync(SseTestData.ThinkingTextToolStream, new AnthropicStreamParser());

        StreamAccumulator accumulator = SseTestData.Accumulate(chunks);
        ChatResponse response = accumulator.ToResponse(accumulator.Usage!.Value);

        response.Content[0].ShouldBeOfType<ThinkingPart>().Signature.ShouldBe("EqQBCgIYAhIM1gbcDa9GJwZA2b3h");
        response.Text.ShouldBe("Okay, let's check the weather.");
        JsonDocument.Parse(response.Content[2].ShouldBeOfType<ToolCallPart>().Arguments).RootElement.GetProperty("location").GetString().ShouldBe("San Francisco, CA");
        response.Usage.OutputTokens.ShouldBe(89);

        string forwarded = string.Concat(chunks.Where(c => !c.Suppress).Select(c => Encoding.UTF8.GetString(c.Raw.Span)));
        forwarded.ShouldContain("event: ping");
        forwarded.ShouldContain("\"partial_json\":\"ncisco, CA\\\"}\"");
        forwarded.ShouldNotContain("message_stop");
        chunks[^1].Suppress.ShouldBeTrue();
        chunks.Count(c => c.Suppress).ShouldBe(1);
    }

    [Fact]
    public async Task Parse_SeveralToolUseBlocksAfterText_NumbersToolsFromZero()
    {
        const string sse = """
            event: message_start
            data: {"type":"message_start","message":{"id":"m","model":"c","usage":{"input_tokens":5,"output_tokens":1}}}

            event: content_block_start
            data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":"Two calls."}}

            event: content_block_start
            data: {"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_a","name":"f","input":{}}}

            event: content_block_start
            data: {"type":"content_block_start","index":2,"content_block":{"type":"tool_use","id":"toolu_b","name":"g","input":{}}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"{}"}}


            """;

        List<StreamEvent> events = (await SseTestData.ParseAsync(sse, new AnthropicStreamParser())).SelectMany(c => c.Events).ToList();

        events.OfType<TextDeltaEvent>().Single().Text.ShouldBe("Two calls.");
        events.OfType<ToolCallStartEvent>().Select(t => (t.Index, t.Id)).ShouldBe([(0, "toolu_a"), (1, "toolu_b")]);
        events.OfType<ToolCallDeltaEvent>().Single().Index.ShouldBe(1);
    }

    [Fact]
    public async Task Parse_MessageDeltaWithInputCounts_OverridesMessageStartCounts()
    {
        const string sse = """
            event: message_start
            data: {"type":"message_start","message":{"id":"m","model":"c","usage":{"input_tokens":10,"cache_read_input_tokens":50,"output_tokens":1}}}

            event: message_delta
            data: {"type":"message_delta","delta":{"stop_reason":"stop_sequence","stop_sequence":"###"},"usage":{"input_tokens":12,"cache_creation_input_tokens":30,"output_tokens":40}}


            """;

        List<StreamEvent> events = (await SseTestData.ParseAsync(sse, new AnthropicStreamParser())).SelectMany(c => c.Events).ToList();

        var finish = events.OfType<FinishEvent>().Single();
        finish.Reason.ShouldBe(FinishReason.StopSequence);
        finish.StopSequence.ShouldBe("###");
        events.OfType<UsageEvent>().Last().Usage.ShouldBe(new TokenUsage(92, 40, cachedInputTokens: 50, cacheWriteTokens: 30));
    }

    [Theory]
    [InlineData("overloaded_error", ErrorKind.UpstreamHttp, 529, true)]
    [InlineData("rate_limit_error", ErrorKind.RateLimited, 429, true)]
    [InlineData("api_error", ErrorKind.UpstreamHttp, 500, true)]
    [InlineData("invalid_request_error", ErrorKind.UpstreamHttp, 400, false)]
    public async Task Parse_ErrorEvent_BecomesErrorEventOfTheRightKind(string type, object kindValue, int upstreamStatus, bool retryable)
    {
        var kind = (ErrorKind)kindValue;
        string sse = "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\"Overloaded\"}}\n\n";
        var parser = new AnthropicStreamParser("claude-eu");

        StreamChunk chunk = (await SseTestData.ParseAsync(sse, parser)).Single();

        PurserError error = chunk.Events.Single().ShouldBeOfType<ErrorEvent>().Error;
        error.Kind.ShouldBe(kind);
        error.UpstreamStatus.ShouldBe(upstreamStatus);
        error.IsRetryable.ShouldBe(retryable);
        error.Message.ShouldContain("claude-eu");
        error.Message.ShouldContain("Overloaded");
        parser.IsComplete.ShouldBeFalse();
    }

    [Fact]
    public async Task Parse_JsonToolRequested_StreamsItsInputAsText()
    {
        const string sse = """
            event: content_block_start
            data: {"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"toolu_j","name":"json_response","input":{}}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{\"a\":"}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"1}"}}

            event: message_delta
            data: {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":9}}


            """;

        List<StreamEvent> events = (await SseTestData.ParseAsync(sse, new AnthropicStreamParser(jsonToolName: AnthropicRequestWriter.JsonToolName))).SelectMany(c => c.Events).ToList();

        string.Concat(events.OfType<TextDeltaEvent>().Select(t => t.Text)).ShouldBe("{\"a\":1}");
        events.OfType<ToolCallStartEvent>().ShouldBeEmpty();
        events.OfType<FinishEvent>().Single().Reason.ShouldBe(FinishReason.Stop);
    }

    [Fact]
    public void Parse_DataIsNotJson_ThrowsJsonException()
    {
        var parser = new AnthropicStreamParser();
        byte[] data = "{not json"u8.ToArray();

        Should.Throw<JsonException>(() => parser.Parse(new SseEvent("content_block_delta", data, data)));
    }

    [Fact]
    public async Task Parse_UnknownEventType_IsForwardedWithoutEvents()
    {
        StreamChunk chunk = (await SseTestData.ParseAsync("event: brand_new\ndata: {\"type\":\"brand_new\",\"x\":1}\n\n", new AnthropicStreamParser())).Single();

        chunk.Events.ShouldBeEmpty();
        chunk.Suppress.ShouldBeFalse();
        Encoding.UTF8.GetString(chunk.Raw.Span).ShouldContain("brand_new");
    }
}
