using System.Buffers;
using System.Text;
using System.Text.Json.Nodes;
using Purser.Chat;
using Purser.Errors;
using Purser.Providers.Anthropic;
using Purser.Providers.Sse;
using Purser.Streaming;
using Purser.Usage;

namespace Purser.Providers.Tests.Anthropic;

public sealed class AnthropicStreamWriterTests
{
    private static byte[] WriteAll(IEnumerable<StreamEvent> events, TokenUsage usage, long estimatedInput = 0)
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = new AnthropicStreamWriter("smart", estimatedInput);
        foreach (StreamEvent e in events)
        {
            writer.Write(e, output);
        }

        writer.WriteMessageDelta(output, usage);
        AnthropicStreamWriter.WriteMessageStop(output);
        return output.WrittenSpan.ToArray();
    }

    private static async Task<List<(string Name, JsonObject Data)>> EventsAsync(byte[] sse)
    {
        var list = new List<(string, JsonObject)>();
        using var reader = new SseReader(new MemoryStream(sse));
        while (await reader.ReadAsync(CancellationToken.None) is { } next)
        {
            JsonObject data = JsonNode.Parse(next.Data.Span)!.AsObject();
            next.Name.ShouldBe(data["type"]!.GetValue<string>()); // event name and type always match
            list.Add((next.Name!, data));
        }

        return list;
    }

    [Fact]
    public async Task Write_OutOfOrderContent_RoundTripsThroughTheParser()
    {
        StreamEvent[] events =
        [
            new StreamStartEvent("chatcmpl-9", "gpt-4o"),
            new ThinkingDeltaEvent("Hmm. "),
            new ThinkingDeltaEvent("Plan.", "sig-1"),
            new TextDeltaEvent("Checking "),
            new TextDeltaEvent("both."),
            new ToolCallStartEvent(0, "call_a", "weather"),
            new ToolCallDeltaEvent(0, "{\"city\":"),
            new ToolCallDeltaEvent(0, "\"Oslo\"}"),
            new ToolCallStartEvent(1, "call_b", "time"),
            new ToolCallDeltaEvent(1, "{}"),
            new TextDeltaEvent("Done."),
            new FinishEvent(FinishReason.ToolCalls),
            new UsageEvent(new TokenUsage(120, 40, 100)),
        ];
        var usage = new TokenUsage(1300, 80, cachedInputTokens: 1000, cacheWriteTokens: 200);

        byte[] sse = WriteAll(events, usage);
        var parser = new AnthropicStreamParser();
        List<StreamChunk> chunks = await SseTestData.ParseAsync(sse, parser);
        StreamAccumulator back = SseTestData.Accumulate(chunks);

        parser.IsComplete.ShouldBeTrue();
        back.Id.ShouldBe("msg_chatcmpl-9");
        back.Model.ShouldBe("smart");
        back.Text.ShouldBe("Checking both.Done.");
        back.ThinkingText.ShouldBe("Hmm. Plan.");
        back.ToolCallTexts().ShouldBe(["weather", "{\"city\":\"Oslo\"}", "time", "{}"]);
        back.FinishReason.ShouldBe(FinishReason.ToolCalls);
        back.Usage.ShouldBe(usage);
        ChatResponse response = back.ToResponse(usage);
        response.Content[0].ShouldBeOfType<ThinkingPart>().Signature.ShouldBe("sig-1");
    }

    [Fact]
    public async Task Write_Blocks_AreOpenedAndClosedInSequenceWithIncreasingIndexes()
    {
        byte[] sse = WriteAll(
            [new StreamStartEvent("msg_x", "m"), new TextDeltaEvent("a"), new ToolCallStartEvent(0, "t", "f"), new ToolCallDeltaEvent(0, "{}"), new TextDeltaEvent("b"), new FinishEvent(FinishReason.Stop)],
            new TokenUsage(10, 5));

        List<(string Name, JsonObject Data)> events = await EventsAsync(sse);

        events.Select(e => e.Name).ShouldBe([
            "message_start",
            "content_block_start", "content_block_delta", "content_block_stop",
            "content_block_start", "content_block_delta", "content_block_stop",
            "content_block_start", "content_block_delta", "content_block_stop",
            "message_delta", "message_stop",
        ]);
        events.Where(e => e.Name == "content_block_start").Select(e => e.Data["index"]!.GetValue<int>()).ShouldBe([0, 1, 2]);
        events.Where(e => e.Name == "content_block_stop").Select(e => e.Data["index"]!.GetValue<int>()).ShouldBe([0, 1, 2]);
        JsonObject toolStart = events[4].Data["content_block"]!.AsObject();
        toolStart["type"]!.GetValue<string>().ShouldBe("tool_use");
        toolStart["input"]!.AsObject().Count.ShouldBe(0);
        events[5].Data["delta"]!["type"]!.GetValue<string>().ShouldBe("input_json_delta");
        events[5].Data["delta"]!["partial_json"]!.GetValue<string>().ShouldBe("{}");
        events[^2].Data["delta"]!["stop_reason"]!.GetValue<string>().ShouldBe("tool_use"); // stop with tool calls
    }

    [Fact]
    public async Task Write_MessageStart_HasTheMessageSkeletonAndTheEstimatedInput()
    {
        byte[] sse = WriteAll([new StreamStartEvent("", "gpt-4o"), new TextDeltaEvent("Hi")], new TokenUsage(30, 2), estimatedInput: 25);

        List<(string Name, JsonObject Data)> events = await EventsAsync(sse);

        JsonObject message = events[0].Data["message"]!.AsObject();
        message["id"]!.GetValue<string>().ShouldStartWith("msg_");
        message["type"]!.GetValue<string>().ShouldBe("message");
        message["role"]!.GetValue<string>().ShouldBe("assistant");
        message["model"]!.GetValue<string>().ShouldBe("smart");
        message["content"]!.AsArray().ShouldBeEmpty();
        message["stop_reason"].ShouldBeNull();
        message["usage"]!["input_tokens"]!.GetValue<long>().ShouldBe(25);
        message["usage"]!["output_tokens"]!.GetValue<long>().ShouldBe(0);
        JsonObject delta = events[^2].Data;
        delta["delta"]!["stop_reason"]!.GetValue<string>().ShouldBe("end_turn");
        delta["usage"]!["input_tokens"]!.GetValue<long>().ShouldBe(30);
        delta["usage"]!["output_tokens"]!.GetValue<long>().ShouldBe(2);
    }

    [Fact]
    public async Task Write_StopSequenceFinish_CarriesTheSequence()
    {
        byte[] sse = WriteAll([new TextDeltaEvent("x"), new FinishEvent(FinishReason.StopSequence, "END")], new TokenUsage(1, 1));

        JsonObject delta = (await EventsAsync(sse))[^2].Data["delta"]!.AsObject();

        delta["stop_reason"]!.GetValue<string>().ShouldBe("stop_sequence");
        delta["stop_sequence"]!.GetValue<string>().ShouldBe("END");
    }

    [Fact]
    public async Task Write_ThinkingAfterASignature_OpensANewThinkingBlock()
    {
        byte[] sse = WriteAll([new ThinkingDeltaEvent("one", "s1"), new ThinkingDeltaEvent("two")], new TokenUsage(1, 1));

        List<(string Name, JsonObject Data)> events = await EventsAsync(sse);

        events.Count(e => e.Name == "content_block_start").ShouldBe(2);
        events.Where(e => e.Name == "content_block_delta").Select(e => e.Data["delta"]!["type"]!.GetValue<string>())
            .ShouldBe(["thinking_delta", "signature_delta", "thinking_delta"]);
    }

    [Fact]
    public async Task Write_NoEventsAtAll_StillWritesAValidMessage()
    {
        List<(string Name, JsonObject Data)> events = await EventsAsync(WriteAll([], new TokenUsage(3, 0)));

        events.Select(e => e.Name).ShouldBe(["message_start", "message_delta", "message_stop"]);
    }

    [Fact]
    public async Task WriteError_WritesAnAnthropicErrorEvent()
    {
        var output = new ArrayBufferWriter<byte>();

        AnthropicStreamWriter.WriteError(output, new PurserError(ErrorKind.UpstreamHttp, 502, "Upstream overloaded") { UpstreamStatus = 529 });

        Encoding.UTF8.GetString(output.WrittenSpan).ShouldStartWith("event: error\ndata: ");
        (string name, JsonObject data) = (await EventsAsync(output.WrittenSpan.ToArray())).Single();
        name.ShouldBe("error");
        data["error"]!["type"]!.GetValue<string>().ShouldBe("overloaded_error");
        data["error"]!["message"]!.GetValue<string>().ShouldBe("Upstream overloaded");
        PurserError parsed = new AnthropicStreamParser().Parse(new SseEvent("error", Encoding.UTF8.GetBytes(data.ToJsonString()), default))
            .Events.Single().ShouldBeOfType<ErrorEvent>().Error;
        parsed.UpstreamStatus.ShouldBe(529);
    }
}
