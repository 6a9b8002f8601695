using System.Buffers;
using System.Text;
using System.Text.Json.Nodes;
using Purser.Chat;
using Purser.Errors;
using Purser.Providers.Responses;
using Purser.Providers.Sse;
using Purser.Streaming;
using Purser.Usage;

namespace Purser.Providers.Tests.Responses;

public sealed class ResponsesWritersTests
{
    private static readonly ResponsesEcho Echo = new(JsonNode.Parse("""{"model":"m","input":"q","instructions":"Be brief.","temperature":0.2}""")!.AsObject());

    private static List<JsonObject> Events(string sse) =>
        [.. sse.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Where(b => b.StartsWith("event:", StringComparison.Ordinal))
            .Select(b => JsonNode.Parse(b[(b.IndexOf("data: ", StringComparison.Ordinal) + 6)..])!.AsObject())];

    [Fact]
    public void ResponseWriter_ThinkingBecomesAReasoningItemNeverText()
    {
        var response = new ChatResponse { Usage = new TokenUsage(10, 5, reasoningTokens: 3) };
        response.Content.Add(new ThinkingPart("Let me think.") { Signature = "sig-9" });
        response.Content.Add(new TextPart("Answer."));

        JsonObject written = JsonNode.Parse(ResponsesResponseWriter.Write(response, Echo, "resp_1", "m", 1))!.AsObject();

        JsonArray output = written["output"]!.AsArray();
        output[0]!["type"]!.GetValue<string>().ShouldBe("reasoning");
        output[0]!["summary"]![0]!["text"]!.GetValue<string>().ShouldBe("Let me think.");
        output[0]!["encrypted_content"]!.GetValue<string>().ShouldBe(ResponsesIds.AnthropicSignature + "sig-9");
        output[1]!["content"]![0]!["text"]!.GetValue<string>().ShouldBe("Answer.");
        output.ToJsonString().Split("Let me think.").Length.ShouldBe(2); // only in the reasoning item
        written["instructions"]!.GetValue<string>().ShouldBe("Be brief.");
        written["temperature"]!.GetValue<double>().ShouldBe(0.2);
        written["usage"]!["output_tokens_details"]!["reasoning_tokens"]!.GetValue<long>().ShouldBe(3);
    }

    [Fact]
    public void ResponseWriter_LengthFinishIsIncomplete()
    {
        var response = new ChatResponse { FinishReason = FinishReason.Length };
        response.Content.Add(new TextPart("cut"));

        JsonObject written = JsonNode.Parse(ResponsesResponseWriter.Write(response, Echo, "resp_1", "m", 1))!.AsObject();

        written["status"]!.GetValue<string>().ShouldBe("incomplete");
        written["incomplete_details"]!["reason"]!.GetValue<string>().ShouldBe("max_output_tokens");
    }

    [Fact]
    public void StreamWriter_WritesTheEventSequenceNumberedFromZero()
    {
        var writer = new ResponsesStreamWriter(Echo, "resp_1", "m", 1);
        var output = new ArrayBufferWriter<byte>();
        foreach (StreamEvent e in (StreamEvent[])[new StreamStartEvent("up", "m"), new ThinkingDeltaEvent("hmm"), new ThinkingDeltaEvent("", "sig"), new TextDeltaEvent("Hel"), new TextDeltaEvent("lo"), new ToolCallStartEvent(0, "c1", "f"), new ToolCallDeltaEvent(0, "{\"a\":"), new ToolCallDeltaEvent(0, "1}"), new FinishEvent(FinishReason.ToolCalls)])
        {
            writer.Write(e, output);
        }

        writer.WriteEnd(output, new TokenUsage(10, 5));
        List<JsonObject> events = Events(Encoding.UTF8.GetString(output.WrittenSpan));

        events.Select(e => e["sequence_number"]!.GetValue<long>()).ShouldBe(Enumerable.Range(0, events.Count).Select(i => (long)i));
        events.Select(e => e["type"]!.GetValue<string>()).ShouldBe(
        [
            "response.created", "response.in_progress",
            "response.output_item.added", "response.reasoning_summary_part.added", "response.reasoning_summary_text.delta",
            "response.reasoning_summary_text.done", "response.reasoning_summary_part.done", "response.output_item.done",
            "response.output_item.added", "response.content_part.added", "response.output_text.delta", "response.output_text.delta",
            "response.output_text.done", "response.content_part.done", "response.output_item.done",
            "response.output_item.added", "response.function_call_arguments.delta", "response.function_call_arguments.delta",
            "response.function_call_arguments.done", "response.output_item.done",
            "response.completed",
        ]);
        JsonObject completed = events[^1]["response"]!.AsObject();
        completed["output"]!.AsArray().Select(i => i!["type"]!.GetValue<string>()).ShouldBe(["reasoning", "message", "function_call"]);
        completed["output"]![0]!["encrypted_content"]!.GetValue<string>().ShouldBe(ResponsesIds.AnthropicSignature + "sig");
        completed["output"]![2]!["arguments"]!.GetValue<string>().ShouldBe("""{"a":1}""");
        completed["usage"]!["input_tokens"]!.GetValue<long>().ShouldBe(10);
        events.Where(e => e["output_index"] is not null).Select(e => e["output_index"]!.GetValue<int>()).ShouldBeInOrder();
    }

    [Fact]
    public void StreamWriter_FailureIsResponseFailedThenAnErrorEvent()
    {
        var writer = new ResponsesStreamWriter(Echo, "resp_1", "m", 1);
        var output = new ArrayBufferWriter<byte>();
        writer.Write(new TextDeltaEvent("partial"), output);

        writer.WriteError(output, new PurserError(ErrorKind.Connection, 502, "The upstream stream was cut off."));
        List<JsonObject> events = Events(Encoding.UTF8.GetString(output.WrittenSpan));

        events[^2]["type"]!.GetValue<string>().ShouldBe("response.failed");
        events[^2]["response"]!["status"]!.GetValue<string>().ShouldBe("failed");
        events[^2]["response"]!["error"]!["message"]!.GetValue<string>().ShouldBe("The upstream stream was cut off.");
        events[^1]["type"]!.GetValue<string>().ShouldBe("error");
        events[^1]["sequence_number"]!.GetValue<long>().ShouldBe(events.Count - 1);
    }

    [Fact]
    public void StreamParser_ReadsDeltasAndHoldsTheTerminalEventBack()
    {
        var parser = new ResponsesStreamParser();
        StreamChunk Parse(string type, string json) => parser.Parse(new SseEvent(type, Encoding.UTF8.GetBytes(json), Encoding.UTF8.GetBytes($"event: {type}\ndata: {json}\n\n")));

        Parse("response.created", """{"type":"response.created","sequence_number":0,"response":{"id":"resp_up","model":"gpt-5"}}""").Events[0].ShouldBeOfType<StreamStartEvent>().Id.ShouldBe("resp_up");
        Parse("response.output_text.delta", """{"type":"response.output_text.delta","sequence_number":1,"delta":"Hi"}""").Events[0].ShouldBeOfType<TextDeltaEvent>().Text.ShouldBe("Hi");
        parser.IsComplete.ShouldBeFalse();
        StreamChunk done = Parse("response.completed", """{"type":"response.completed","sequence_number":2,"response":{"status":"completed","output":[],"usage":{"input_tokens":12,"input_tokens_details":{"cached_tokens":2},"output_tokens":7,"output_tokens_details":{"reasoning_tokens":3}}}}""");

        done.Suppress.ShouldBeTrue();
        parser.IsComplete.ShouldBeTrue();
        TokenUsage usage = done.Events.OfType<UsageEvent>().Single().Usage;
        usage.ShouldBe(new TokenUsage(12, 7, 2, 0, 3));
    }

    [Fact]
    public void RequestWriter_Passthrough_ExpandsNothingDropsPurserStateAndAppendsTheRoutingPrompt()
    {
        ChatRequest request = ResponsesRequestReader.Read(Encoding.UTF8.GetBytes("""
            {"model":"alias","instructions":"Be brief.","previous_response_id":"resp_1","store":true,"input":[
              {"role":"user","content":"q"},
              {"type":"reasoning","id":"rs_purser_1","summary":[{"type":"summary_text","text":"t"}]},
              {"type":"reasoning","summary":[],"encrypted_content":"purser:anthropic:sig"},
              {"type":"reasoning","id":"rs_openai","summary":[],"encrypted_content":"gAAAA"}]}
            """));

        JsonObject sent = JsonNode.Parse(ResponsesRequestWriter.Write(request, "gpt-5", stream: true, systemAddition: "Use British spelling."))!.AsObject();

        sent["model"]!.GetValue<string>().ShouldBe("gpt-5");
        sent["stream"]!.GetValue<bool>().ShouldBeTrue();
        sent.ContainsKey("previous_response_id").ShouldBeFalse();
        sent["store"]!.GetValue<bool>().ShouldBeTrue();
        sent["instructions"]!.GetValue<string>().ShouldBe("Be brief.\n\nUse British spelling.");
        JsonArray input = sent["input"]!.AsArray();
        input.Count.ShouldBe(2);
        input[1]!["id"]!.GetValue<string>().ShouldBe("rs_openai");
    }
}
