using System.Text;

namespace Purser.Bench.Upstream;

/// <summary>
/// The fixed answers, as OpenAI documents them: a chat.completion with usage (cached prompt tokens and reasoning
/// tokens included), and the same answer as chat.completion.chunk events ending in data: [DONE].
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

    public static readonly byte[] Stream = Encoding.UTF8.GetBytes(StreamText(includeUsage: false));

    public static readonly byte[] StreamWithUsage = Encoding.UTF8.GetBytes(StreamText(includeUsage: true));

    public static readonly byte[] Health = "ok"u8.ToArray();

    public static readonly byte[] NotFound = """{"error":{"message":"Not found.","type":"invalid_request_error","param":null,"code":"not_found"}}"""u8.ToArray();

    private static string StreamText(bool includeUsage)
    {
        string usageField = includeUsage ? ",\"usage\":null" : "";
        var text = new StringBuilder();
        void Chunk(string delta, string finish) => text.Append(
            $$"""data: {"id":"{{Id}}","object":"chat.completion.chunk","created":{{Created}},"model":"{{Model}}","system_fingerprint":"fp_bench","choices":[{"index":0,"delta":{{delta}},"logprobs":null,"finish_reason":{{finish}}}]{{usageField}}}""")
            .Append("\n\n");

        Chunk("""{"role":"assistant","content":"","refusal":null}""", "null");
        foreach (string piece in (string[])["The answer is 42: ", "a fixed reply from ", "the benchmark's fake upstream."])
        {
            Chunk($$"""{"content":"{{piece}}"}""", "null");
        }

        Chunk("{}", "\"stop\"");
        if (includeUsage)
        {
            text.Append($$"""data: {"id":"{{Id}}","object":"chat.completion.chunk","created":{{Created}},"model":"{{Model}}","system_fingerprint":"fp_bench","choices":[],"usage":{{Usage}}}""").Append("\n\n");
        }

        return text.Append("data: [DONE]\n\n").ToString();
    }
}
