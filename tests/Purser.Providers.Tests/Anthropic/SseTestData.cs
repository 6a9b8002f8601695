using System.Text;
using Purser.Providers.Sse;
using Purser.Streaming;

namespace Purser.Providers.Tests.Anthropic;

/// <summary>Documented-shape Anthropic streams and a helper that runs SSE text through a parser.</summary>
internal static class SseTestData
{
    /// <summary>Thinking, text, then a tool call, with prompt caching and a ping: the streaming guide's events in one answer.</summary>
    public const string ThinkingTextToolStream = """
        event: message_start
        data: {"type":"message_start","message":{"id":"msg_01A","type":"message","role":"assistant","content":[],"model":"claude-sonnet-4-5-20250929","stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":472,"cache_creation_input_tokens":100,"cache_read_input_tokens":2000,"output_tokens":2}}}

        event: content_block_start
        data: {"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":"","signature":""}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"The user wants the weather. "}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"I'll call the tool."}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"EqQBCgIYAhIM1gbcDa9GJwZA2b3h"}}

        event: content_block_stop
        data: {"type":"content_block_stop","index":0}

        event: content_block_start
        data: {"type":"content_block_start","index":1,"content_block":{"type":"text","text":""}}

        event: ping
        data: {"type": "ping"}

        event: content_block_delta
        data: {"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"Okay, let's check"}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":" the weather."}}

        event: content_block_stop
        data: {"type":"content_block_stop","index":1}

        event: content_block_start
        data: {"type":"content_block_start","index":2,"content_block":{"type":"tool_use","id":"toolu_01T1x1fJ34qAmk2tNTrN7Up6","name":"get_weather","input":{}}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":""}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"{\"location\": \"San Fra"}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"ncisco, CA\"}"}}

        event: content_block_stop
        data: {"type":"content_block_stop","index":2}

        event: message_delta
        data: {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":89}}

        event: message_stop
        data: {"type":"message_stop"}


        """;

    public static async Task<List<StreamChunk>> ParseAsync(string sse, IStreamParser parser) => await ParseAsync(Encoding.UTF8.GetBytes(sse), parser);

    public static async Task<List<StreamChunk>> ParseAsync(byte[] sse, IStreamParser parser)
    {
        var chunks = new List<StreamChunk>();
        using var reader = new SseReader(new MemoryStream(sse));
        while (await reader.ReadAsync(CancellationToken.None) is { } next)
        {
            chunks.Add(parser.Parse(next));
        }

        return chunks;
    }

    public static StreamAccumulator Accumulate(IEnumerable<StreamChunk> chunks)
    {
        var accumulator = new StreamAccumulator();
        foreach (StreamEvent e in chunks.SelectMany(c => c.Events))
        {
            accumulator.Add(e);
        }

        return accumulator;
    }
}
