using System.Text;
using Purser.Chat;
using Purser.Errors;
using Purser.Providers.Gemini;
using Purser.Providers.Sse;
using Purser.Streaming;
using Purser.Usage;

namespace Purser.Providers.Tests.Gemini;

public sealed class GeminiStreamParserTests
{
    /// <summary>A streamGenerateContent?alt=sse answer: text over two chunks, then a function call with the finish reason and final usage.</summary>
    internal const string TextThenFunctionCall =
        "data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"Let me check\"}],\"role\": \"model\"},\"index\": 0}],"
        + "\"usageMetadata\": {\"promptTokenCount\": 40,\"candidatesTokenCount\": 3,\"totalTokenCount\": 43},\"modelVersion\": \"gemini-2.5-flash\",\"responseId\": \"resp-1\"}\r\n\r\n"
        + "data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \" the weather.\"}],\"role\": \"model\"},\"index\": 0}],"
        + "\"usageMetadata\": {\"promptTokenCount\": 40,\"candidatesTokenCount\": 6,\"totalTokenCount\": 46},\"modelVersion\": \"gemini-2.5-flash\",\"responseId\": \"resp-1\"}\r\n\r\n"
        + "data: {\"candidates\": [{\"content\": {\"parts\": [{\"functionCall\": {\"name\": \"get_weather\",\"args\": {\"city\": \"Paris\"}},\"thoughtSignature\": \"CiQBcsjafA+/x9Yzmw==\"}],\"role\": \"model\"},"
        + "\"finishReason\": \"STOP\",\"index\": 0}],"
        + "\"usageMetadata\": {\"promptTokenCount\": 40,\"cachedContentTokenCount\": 32,\"candidatesTokenCount\": 20,\"thoughtsTokenCount\": 120,\"totalTokenCount\": 180},"
        + "\"modelVersion\": \"gemini-2.5-flash\",\"responseId\": \"resp-1\"}\r\n\r\n";

    private static async Task<List<StreamChunk>> ParseAllAsync(GeminiStreamParser parser, string sse)
    {
        using var reader = new SseReader(new MemoryStream(Encoding.UTF8.GetBytes(sse)));
        var chunks = new List<StreamChunk>();
        while (await reader.ReadAsync(CancellationToken.None) is { } e)
        {
            chunks.Add(parser.Parse(e));
        }

        return chunks;
    }

    private static StreamChunk ParseOne(GeminiStreamParser parser, string data) =>
        parser.Parse(new SseEvent(null, Encoding.UTF8.GetBytes(data), Encoding.UTF8.GetBytes("data: " + data + "\n\n")));

    [Fact]
    public async Task Parse_TextThenFunctionCall_ReassemblesTheAnswer()
    {
        var parser = new GeminiStreamParser();

        List<StreamChunk> chunks = await ParseAllAsync(parser, TextThenFunctionCall);
        var accumulator = new StreamAccumulator();
        foreach (StreamEvent e in chunks.SelectMany(c => c.Events))
        {
            accumulator.Add(e);
        }

        chunks.Count.ShouldBe(3);
        chunks[0].Events[0].ShouldBeOfType<StreamStartEvent>().Id.ShouldBe("resp-1");
        chunks.SelectMany(c => c.Events).OfType<StreamStartEvent>().Count().ShouldBe(1);
        chunks.ShouldAllBe(c => c.Protocol == WireProtocol.Gemini && !c.Suppress && c.Raw.Length > 0);
        accumulator.Model.ShouldBe("gemini-2.5-flash");
        ChatResponse response = accumulator.ToResponse(accumulator.Usage!.Value);
        response.Text.ShouldBe("Let me check the weather.");
        var call = response.Content.OfType<ToolCallPart>().ShouldHaveSingleItem();
        call.Name.ShouldBe("get_weather");
        call.Arguments.ShouldBe("{\"city\": \"Paris\"}");
        GeminiToolCallIds.Split(call.Id).Signature.ShouldBe("CiQBcsjafA+/x9Yzmw==");
        response.FinishReason.ShouldBe(FinishReason.ToolCalls);
        parser.IsComplete.ShouldBeTrue();
    }

    [Fact]
    public async Task Parse_UsageInEveryChunk_IsCumulativeSoTheLastIsTheTotal()
    {
        var parser = new GeminiStreamParser();

        List<StreamChunk> chunks = await ParseAllAsync(parser, TextThenFunctionCall);
        var usages = chunks.SelectMany(c => c.Events).OfType<UsageEvent>().Select(u => u.Usage).ToList();

        usages.Count.ShouldBe(3);
        usages[0].ShouldBe(new TokenUsage(40, 3));
        usages[1].ShouldBe(new TokenUsage(40, 6));
        usages[^1].ShouldBe(new TokenUsage(inputTokens: 40, outputTokens: 140, cachedInputTokens: 32, reasoningTokens: 120));
    }

    [Fact]
    public async Task Parse_BeforeTheFinishReason_IsNotComplete()
    {
        var parser = new GeminiStreamParser();
        string firstTwo = TextThenFunctionCall[..TextThenFunctionCall.IndexOf("data: {\"candidates\": [{\"content\": {\"parts\": [{\"functionCall\"", StringComparison.Ordinal)];

        List<StreamChunk> chunks = await ParseAllAsync(parser, firstTwo);

        chunks.Count.ShouldBe(2);
        parser.IsComplete.ShouldBeFalse(); // Gemini has no [DONE]: only a finishReason ends the answer
        chunks.SelectMany(c => c.Events).OfType<FinishEvent>().ShouldBeEmpty();
    }

    [Fact]
    public void Parse_ThoughtParts_BecomeThinkingDeltas()
    {
        var parser = new GeminiStreamParser();

        StreamChunk chunk = ParseOne(parser, """{"candidates":[{"content":{"parts":[{"text":"**Planning**","thought":true},{"text":"Answer"}],"role":"model"}}]}""");

        chunk.Events[1].ShouldBeOfType<ThinkingDeltaEvent>().Text.ShouldBe("**Planning**");
        chunk.Events[2].ShouldBeOfType<TextDeltaEvent>().Text.ShouldBe("Answer");
    }

    [Fact]
    public void Parse_SeveralFunctionCalls_AreNumberedAcrossChunks()
    {
        var parser = new GeminiStreamParser();

        StreamChunk first = ParseOne(parser, """{"candidates":[{"content":{"parts":[{"functionCall":{"name":"a","args":{}}}],"role":"model"}}]}""");
        StreamChunk second = ParseOne(parser, """{"candidates":[{"content":{"parts":[{"functionCall":{"name":"b","args":{"x":1}}}],"role":"model"},"finishReason":"STOP"}]}""");

        first.Events.OfType<ToolCallStartEvent>().ShouldHaveSingleItem().Index.ShouldBe(0);
        var start = second.Events.OfType<ToolCallStartEvent>().ShouldHaveSingleItem();
        start.Index.ShouldBe(1);
        start.Name.ShouldBe("b");
        second.Events.OfType<ToolCallDeltaEvent>().ShouldHaveSingleItem().ArgumentsDelta.ShouldBe("""{"x":1}""");
    }

    [Fact]
    public void Parse_BlockedPrompt_FinishesWithContentFilter()
    {
        var parser = new GeminiStreamParser();

        StreamChunk chunk = ParseOne(parser, """{"promptFeedback":{"blockReason":"PROHIBITED_CONTENT"},"usageMetadata":{"promptTokenCount":7,"totalTokenCount":7},"modelVersion":"gemini-2.5-flash"}""");

        chunk.Events.OfType<FinishEvent>().ShouldHaveSingleItem().Reason.ShouldBe(FinishReason.ContentFilter);
        parser.IsComplete.ShouldBeTrue();
    }

    [Theory]
    [InlineData("""{"error":{"code":429,"message":"Resource has been exhausted (e.g. check quota).","status":"RESOURCE_EXHAUSTED"}}""", ErrorKind.RateLimited)]
    [InlineData("""[{"error":{"code":503,"message":"The model is overloaded.","status":"UNAVAILABLE"}}]""", ErrorKind.UpstreamHttp)]
    public void Parse_ErrorChunk_BecomesErrorEvent(string data, object kindValue)
    {
        var kind = (ErrorKind)kindValue;
        var parser = new GeminiStreamParser();

        StreamChunk chunk = ParseOne(parser, data);

        var error = chunk.Events.ShouldHaveSingleItem().ShouldBeOfType<ErrorEvent>().Error;
        error.Kind.ShouldBe(kind);
        error.Message.ShouldContain(kind == ErrorKind.RateLimited ? "RESOURCE_EXHAUSTED" : "overloaded");
        parser.IsComplete.ShouldBeFalse();
    }
}
