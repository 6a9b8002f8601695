namespace Purser.Configuration;

/// <summary>Behaviour of a <c>simulated</c> provider: deterministic replies, latency and injected failures.</summary>
public sealed class SimulatedProviderOptions
{
    /// <summary>Delay before the answer (or first chunk), in milliseconds.</summary>
    public int LatencyMs { get; set; }

    /// <summary>Delay between streamed chunks, in milliseconds.</summary>
    public int ChunkDelayMs { get; set; }

    /// <summary>Output tokens of a reply when the request sets no smaller max tokens (default 64).</summary>
    public int ReplyTokens { get; set; } = 64;

    /// <summary>A fixed reply text; by default the reply is derived deterministically from the prompt.</summary>
    public string? Reply { get; set; }

    /// <summary>Fraction (0..1) of calls that fail with <see cref="FailureStatus"/>.</summary>
    public double FailureRate { get; set; }

    /// <summary>Status of injected failures (default 500; 429 adds Retry-After).</summary>
    public int FailureStatus { get; set; } = 500;

    /// <summary>
    /// Price the simulated calls as this catalog model (e.g. "openai/gpt-4o-mini"), for demos, budget drills and
    /// benchmarks; by default simulated calls cost a known $0.
    /// </summary>
    public string? PriceAs { get; set; }

    /// <summary>Seed of the failure draw, so a run is repeatable.</summary>
    public int Seed { get; set; } = 1;
}
