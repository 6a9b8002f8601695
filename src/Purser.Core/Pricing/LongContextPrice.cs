namespace Purser.Pricing;

/// <summary>
/// A higher price tier that applies to a whole request once its prompt is longer than <see cref="Threshold"/>
/// tokens (Gemini 2.5 Pro above 200K, Claude Sonnet 4/4.5 above 200K, GPT-5.4 above 272K, Grok 4 above 128K).
/// </summary>
/// <remarks>
/// The prompt length compared with the threshold is <see cref="Usage.TokenUsage.InputTokens"/>: every prompt
/// token, cached reads and cache writes included, as the providers count it. When the tier applies, every token
/// of the request (input, cached, cache write, output, reasoning) is billed at the tier's prices.
/// A missing tier price has the same meaning as on <see cref="ModelPrice"/>: cached input and cache write
/// fall back to the tier's <see cref="Input"/>, a one-hour cache write to twice it where cache writes are priced,
/// reasoning to the tier's <see cref="Output"/>.
/// </remarks>
public sealed record LongContextPrice
{
    /// <summary>The tier applies when the prompt has strictly more tokens than this.</summary>
    public required long Threshold { get; init; }

    /// <summary>USD per 1M uncached prompt tokens.</summary>
    public required decimal Input { get; init; }

    /// <summary>USD per 1M output tokens.</summary>
    public required decimal Output { get; init; }

    /// <summary>USD per 1M prompt tokens read from the cache; null means the tier's <see cref="Input"/>.</summary>
    public decimal? CachedInput { get; init; }

    /// <summary>USD per 1M prompt tokens written to the cache; null means the tier's <see cref="Input"/>.</summary>
    public decimal? CacheWrite { get; init; }

    /// <summary>USD per 1M prompt tokens written to a one-hour cache; null as on <see cref="ModelPrice.CacheWrite1h"/>.</summary>
    public decimal? CacheWrite1h { get; init; }

    /// <summary>USD per 1M reasoning tokens; null means the tier's <see cref="Output"/>.</summary>
    public decimal? Reasoning { get; init; }
}
