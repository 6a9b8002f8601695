namespace Purser.Bench.Load;

/// <summary>The one fixed request every target gets: a short non-streaming chat completion.</summary>
internal static class BenchRequest
{
    public const string Model = "gpt-4o-mini";

    /// <summary>Stands in for a provider key; it is obviously not one, and the fake upstream ignores it.</summary>
    public const string FakeApiKey = "bench-not-a-key";

    public const string Body =
        """{"model":"gpt-4o-mini","messages":[{"role":"system","content":"You are a terse assistant. Answer with the number only."},{"role":"user","content":"What is six times seven?"}],"max_tokens":64,"temperature":0}""";
}
