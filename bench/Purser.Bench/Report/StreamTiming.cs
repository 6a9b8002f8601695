namespace Purser.Bench.Report;

/// <summary>One target's streamed answers in one round at one connection: time to the first SSE event and to the end, in µs.</summary>
internal sealed record StreamTiming(int Round, string Target, int Requests, long FirstP50Us, long FirstP99Us, long LastP50Us, long LastP99Us);
