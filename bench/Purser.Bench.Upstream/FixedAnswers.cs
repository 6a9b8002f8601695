using System.Text;

namespace Purser.Bench.Upstream;

/// <summary>
/// The fixed answers, as OpenAI documents them: a chat.completion with usage (cached prompt tokens and reasoning
/// tokens included), and a streamed answer of 50 chat.completion.chunk events (with usage) ending in data: [DONE].
/// </summary>
internal static class FixedAnswers
{
    private const string Id = "chatcmpl-bench000000000000000000001";
    private const string Model = "gpt-4o-mini-2024-07-18";
    private const long Created = 1735689600;

    private const string Usage =
        """{"prompt_tokens":42,"completion_tokens":16,"total_tokens":58,"prompt_tokens_details":{"cached_tokens":16,"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}}""";

    public static readonly byte[] Completion = Encoding.UTF8.GetBytes(
        $$"""{"id":"{{Id}}","object":"chat.completion","created":{{Created}},"model":"{{Model}}","choices":[{"index":0,"message":{"role":"assistant","content":"The answer is 42: a fixed reply from the benchmark's fake upstream.","refusal":null,"annotations":[]},"logprobs":null,"finish_reason":"stop"}],"usage":{{Usage}},"service_tier":"default","system_fingerprint":"fp_bench"}""");

    /// <summary>Words of the streamed answer, one content chunk each: with the role, finish and usage chunks, 50 events.</summary>
    public const int ContentChunks = 47;

    /// <summary>The streamed answer, one SSE event per element (written and flushed one by one).</summary>
    public static readonly byte[][] Stream = StreamEvents(includeUsage: false);

    public static readonly byte[][] StreamWithUsage = StreamEvents(includeUsage: true);

    public static readonly byte[] Health = "ok"u8.ToArray();

    public static readonly byte[] NotFound = """{"error":{"message":"Not found.","type":"invalid_request_error","param":null,"code":"not_found"}}"""u8.ToArray();

    private static byte[][] StreamEvents(bool includeUsage)
    {
        string usageField = includeUsage ? ",\"usage\":null" : "";
        var events = new List<string>();
        void Chunk(string delta, string finish) => events.Add(
            $$"""data: {"id":"{{Id}}","object":"chat.completion.chunk","created":{{Created}},"model":"{{Model}}","system_fingerprint":"fp_bench","choices":[{"index":0,"delta":{{delta}},"logprobs":null,"finish_reason":{{finish}}}]{{usageField}}}""" + "\n\n");

        Chunk("""{"role":"assistant","content":"","refusal":null}""", "null");
        string[] words = "The answer is 42: a fixed reply from the benchmark's fake upstream, streamed word by word".Split(' ');
        for (int i = 0; i < ContentChunks; i++)
        {
            Chunk($$"""{"content":"{{words[i % words.Length]}} "}""", "null");
        }

        Chunk("{}", "\"stop\"");
        if (includeUsage)
        {
            events.Add($$"""data: {"id":"{{Id}}","object":"chat.completion.chunk","created":{{Created}},"model":"{{Model}}","system_fingerprint":"fp_bench","choices":[],"usage":{{Usage}}}""" + "\n\n");
        }

        events.Add("data: [DONE]\n\n");
        return [.. events.Select(Encoding.UTF8.GetBytes)];
    }
}
