using System.Buffers;
using System.Text;
using System.Text.Json.Nodes;
using Purser.Chat;
using Purser.Errors;
using Purser.Providers.Gemini;
using Purser.Streaming;
using Purser.Usage;

namespace Purser.Providers.Tests.Gemini;

public sealed class GeminiStreamWriterTests
{
    private static readonly StreamEvent[] Events =
    [
        new StreamStartEvent("msg_1", "claude"),
        new ThinkingDeltaEvent("hmm", "sig"),
        new TextDeltaEvent("Hel"),
        new TextDeltaEvent("lo"),
        new ToolCallStartEvent(0, "toolu_1", "ls"),
        new ToolCallDeltaEvent(0, """{"dir":"""),
        new ToolCallDeltaEvent(0, "\".\"}"),
        new FinishEvent(FinishReason.ToolCalls),
    ];

    [Fact]
    public void Write_Sse_TextAndThoughtsAsTheyCome_CallsWhole_FinishAndUsageLast()
    {
        var writer = new GeminiStreamWriter("claude", sse: true);
        var output = new ArrayBufferWriter<byte>();
        foreach (StreamEvent e in Events)
        {
            writer.Write(e, output);
        }

        writer.WriteEnd(new TokenUsage(100, 40, reasoningTokens: 10), output);

        string body = Encoding.UTF8.GetString(output.WrittenSpan);
        string[] events = body.Split("\r\n\r\n", StringSplitOptions.RemoveEmptyEntries);
        events.ShouldAllBe(e => e.StartsWith("data: ", StringComparison.Ordinal));
        JsonObject[] chunks = [.. events.Select(e => JsonNode.Parse(e[6..])!.AsObject())];
        chunks.Length.ShouldBe(5);
        chunks[0]["candidates"]![0]!["content"]!["parts"]![0]!.ToJsonString().ShouldBe("""{"text":"hmm","thought":true,"thoughtSignature":"sig"}""");
        chunks[1]["candidates"]![0]!["content"]!["parts"]![0]!["text"]!.GetValue<string>().ShouldBe("Hel");
        chunks[3]["candidates"]![0]!["content"]!["parts"]![0]!["functionCall"]!.ToJsonString().ShouldBe("""{"id":"toolu_1","name":"ls","args":{"dir":"."}}""");
        chunks[4]["candidates"]![0]!["finishReason"]!.GetValue<string>().ShouldBe("STOP");
        chunks[4]["usageMetadata"]!.ToJsonString().ShouldBe("""{"promptTokenCount":100,"candidatesTokenCount":30,"totalTokenCount":140,"thoughtsTokenCount":10}""");
        chunks.ShouldAllBe(c => c["responseId"]!.GetValue<string>() == "msg_1");
    }

    [Fact]
    public void Write_JsonArray_IsOneValidArray_AndAnErrorClosesIt()
    {
        var writer = new GeminiStreamWriter("m", sse: false);
        var output = new ArrayBufferWriter<byte>();
        writer.Write(new TextDeltaEvent("a"), output);
        writer.WriteError(output, new PurserError(ErrorKind.RateLimited, 429, "slow down") { RetryAfter = TimeSpan.FromSeconds(3) });

        JsonArray array = JsonNode.Parse(output.WrittenSpan)!.AsArray();

        array.Count.ShouldBe(2);
        array[1]!["error"]!["status"]!.GetValue<string>().ShouldBe("RESOURCE_EXHAUSTED");
        array[1]!["error"]!["details"]!.ToJsonString().ShouldContain("\"retryDelay\":\"3s\"");
    }

    [Fact]
    public void WritePassthrough_ToAJsonArrayClient_ForwardsTheEventsData()
    {
        var writer = new GeminiStreamWriter("m", sse: false);
        var output = new ArrayBufferWriter<byte>();

        writer.WritePassthrough("data: {\"candidates\":[]}\r\n\r\n"u8, output);
        writer.WritePassthrough("data: {\"usageMetadata\":{}}\r\n\r\n"u8, output);
        writer.WritePassthroughEnd(output);

        Encoding.UTF8.GetString(output.WrittenSpan).ShouldBe("[{\"candidates\":[]},\r\n{\"usageMetadata\":{}}]");
    }
}
