using System.Text;

namespace Purser.Bench.Load;

/// <summary>The extra scenarios of the load benchmark (issue 16), each selectable with <c>--scenarios</c>.</summary>
internal static class Scenarios
{
    public const string All = "all";

    /// <summary>Size of the large prompt's user message in UTF-8 bytes (ASCII prose, so characters too).</summary>
    public const int LargePromptBytes = 100 * 1024;

    private static readonly Dictionary<string, string> NoStore = new(StringComparer.Ordinal) { ["Cache-Control"] = "no-store" };

    /// <summary>The short request as an SSE stream, usage included, so that every target's answer carries it.</summary>
    public static readonly string StreamingBody = BenchRequest.Body[..^1] + ""","stream":true,"stream_options":{"include_usage":true}}""";

    /// <summary>The short request in Anthropic's Messages format (system as its own field), for <c>/v1/messages</c>.</summary>
    public const string AnthropicBody =
        """{"model":"gpt-4o-mini","system":"You are a terse assistant. Answer with the number only.","messages":[{"role":"user","content":"What is six times seven?"}],"max_tokens":64,"temperature":0}""";

    public static readonly string LargePromptBody = LargeBody();

    public static IReadOnlyList<Scenario> Catalog { get; } =
    [
        new("streaming", "`stream: true`, a 50-chunk SSE answer (usage in the last chunk); added time to first and to last byte",
            "/v1/chat/completions", StreamingBody, StreamingBody, NoStore,
            Floor: true, Portkey: true, null, Streaming: true, HardBudget: false, "chat.completion.chunk"),
        new("translated", "Anthropic `/v1/messages` into Purser, onto the OpenAI-kind upstream (peers get the same request as a chat completion)",
            "/v1/messages", AnthropicBody, BenchRequest.Body,
            new Dictionary<string, string>(NoStore, StringComparer.Ordinal) { ["anthropic-version"] = "2023-06-01" },
            Floor: true, Portkey: false, "Portkey routes by provider and does not translate Anthropic Messages onto an OpenAI upstream",
            Streaming: false, HardBudget: false, "\"type\":\"message\""),
        new("budget", "the short request with a global hard budget configured: every call reserves the worst case and reconciles",
            "/v1/chat/completions", BenchRequest.Body, BenchRequest.Body, NoStore,
            Floor: true, Portkey: true, null, Streaming: false, HardBudget: true, "chat.completion"),
        new("cache-hit", "the short request with the exact cache on: after the first call every call is a hit (no upstream call)",
            "/v1/chat/completions", BenchRequest.Body, BenchRequest.Body, new Dictionary<string, string>(StringComparer.Ordinal),
            Floor: true, Portkey: false, "Portkey's cache needs its own configuration; the floor's hop is the comparison",
            Streaming: false, HardBudget: false, "chat.completion"),
        new("large-prompt", "a 100 KB user message (prose): body read, guard scan and token counting per call",
            "/v1/chat/completions", LargePromptBody, LargePromptBody, NoStore,
            Floor: true, Portkey: true, null, Streaming: false, HardBudget: false, "chat.completion"),
    ];

    /// <summary>Reads <c>--scenarios</c>: <c>all</c>, <c>none</c> or names separated by commas.</summary>
    /// <exception cref="ArgumentException">A name is unknown.</exception>
    public static IReadOnlyList<Scenario> Parse(string value)
    {
        if (value == All)
        {
            return Catalog;
        }

        if (value == "none")
        {
            return [];
        }

        var chosen = new List<Scenario>();
        foreach (string name in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            chosen.Add(Catalog.FirstOrDefault(s => s.Name == name)
                ?? throw new ArgumentException($"--scenarios: unknown scenario '{name}' (known: {All}, none, {string.Join(", ", Catalog.Select(s => s.Name))})."));
        }

        return chosen;
    }

    /// <summary>The short request with a 100 KB user message of plain prose (no secrets, nothing to escape).</summary>
    private static string LargeBody()
    {
        const string Paragraph =
            "The quarterly report covers the migration of the billing service to the new cluster, the review of " +
            "the caching layer, and the plan for the next release. Each team summarised what went well and what did " +
            "not, with the numbers they measured and the questions still open. Please read it and answer briefly. ";
        var text = new StringBuilder(LargePromptBytes + Paragraph.Length);
        while (text.Length < LargePromptBytes)
        {
            text.Append(Paragraph);
        }

        text.Length = LargePromptBytes;
        return """{"model":"gpt-4o-mini","messages":[{"role":"user","content":""" + "\"" + text + "\"" + """}],"max_tokens":64,"temperature":0}""";
    }
}
