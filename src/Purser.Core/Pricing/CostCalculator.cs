using Purser.Usage;

namespace Purser.Pricing;

/// <summary>
/// The one cost function. Every path (streaming, non-streaming, cache accounting, the CLI, budgets) prices
/// tokens through <see cref="Compute"/> and reserves through <see cref="WorstCaseCost"/>.
/// </summary>
/// <remarks>
/// <code>
/// cost = ( uncachedInput × input
///        + cachedInput   × cachedInput  (or input)
///        + cacheWrite5m  × cacheWrite   (or input)
///        + cacheWrite1h  × cacheWrite1h (or 2 × input where cache writes are priced)
///        + (output − reasoning) × output
///        + reasoning     × reasoning    (or output) ) / 1,000,000
/// </code>
/// where uncachedInput = input − cached − cacheWrite and cacheWrite5m = cacheWrite − cacheWrite1h. When the model has a long-context tier and the prompt
/// (all input tokens) is longer than its threshold, the tier's prices are used for every term.
/// Arithmetic is <see cref="decimal"/> and nothing is rounded: round only for display
/// (<see cref="CostFormatter"/>).
/// </remarks>
public static class CostCalculator
{
    private const decimal TokensPerUnit = 1_000_000m;

    /// <summary>Prices <paramref name="usage"/>; unknown (never $0) when <paramref name="price"/> is null.</summary>
    public static CostResult Compute(TokenUsage usage, ModelPrice? price)
    {
        if (price is null)
        {
            return CostResult.Unknown;
        }

        long cached = Math.Max(0, usage.CachedInputTokens);
        long cacheWrite = Math.Max(0, usage.CacheWriteTokens);
        long cacheWrite1h = Math.Clamp(usage.CacheWrite1hTokens, 0, cacheWrite);
        long reasoning = Math.Max(0, usage.ReasoningTokens);
        long uncached = Math.Max(0, usage.InputTokens - cached - cacheWrite);
        long visibleOutput = Math.Max(0, usage.OutputTokens - reasoning);

        bool longContext = price.IsLongContext(usage.InputTokens);
        Rates rates = Rates.For(price, longContext);

        return new CostResult(
            input: uncached * rates.Input / TokensPerUnit,
            cachedInput: cached * rates.CachedInput / TokensPerUnit,
            cacheWrite: ((cacheWrite - cacheWrite1h) * rates.CacheWrite + cacheWrite1h * rates.CacheWrite1h) / TokensPerUnit,
            output: visibleOutput * rates.Output / TokensPerUnit,
            reasoning: reasoning * rates.Reasoning / TokensPerUnit,
            longContext: longContext,
            isEstimated: usage.IsEstimated,
            pricedAs: price.Id);
    }

    /// <summary>
    /// The most a call can cost, for budget reservations: every prompt token at the dearest prompt price
    /// (input, or a cache write where writing the cache costs more — at Anthropic a one-hour write, 2 × input) plus
    /// <paramref name="maxOutputTokens"/> at the higher of the output and reasoning prices, at the
    /// long-context tier when the prompt is past its threshold.
    /// </summary>
    /// <param name="inputTokens">Counted prompt tokens.</param>
    /// <param name="maxOutputTokens">The request's max output tokens, or the model's cap when the request sets none.</param>
    /// <param name="price">The model's price.</param>
    public static decimal WorstCaseCost(long inputTokens, long maxOutputTokens, ModelPrice price)
    {
        ArgumentNullException.ThrowIfNull(price);

        Rates rates = Rates.For(price, price.IsLongContext(inputTokens));
        decimal promptRate = Math.Max(rates.Input, Math.Max(rates.CacheWrite, rates.CacheWrite1h));
        decimal outputRate = Math.Max(rates.Output, rates.Reasoning);

        return (Math.Max(0, inputTokens) * promptRate + Math.Max(0, maxOutputTokens) * outputRate) / TokensPerUnit;
    }

    private readonly record struct Rates(decimal Input, decimal CachedInput, decimal CacheWrite, decimal CacheWrite1h, decimal Output, decimal Reasoning)
    {
        public static Rates For(ModelPrice price, bool longContext)
        {
            if (longContext && price.LongContext is { } tier)
            {
                return new Rates(
                    tier.Input,
                    tier.CachedInput ?? tier.Input,
                    tier.CacheWrite ?? tier.Input,
                    tier.CacheWrite1h ?? (tier.CacheWrite is decimal write ? Math.Max(write, 2 * tier.Input) : tier.Input),
                    tier.Output,
                    tier.Reasoning ?? tier.Output);
            }

            return new Rates(price.Input, price.EffectiveCachedInput, price.EffectiveCacheWrite, price.EffectiveCacheWrite1h, price.Output, price.EffectiveReasoning);
        }
    }
}
