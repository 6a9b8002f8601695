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
///        + cacheWrite    × cacheWrite   (or input)
///        + (output − reasoning) × output
///        + reasoning     × reasoning    (or output) ) / 1,000,000
/// </code>
/// where uncachedInput = input − cached − cacheWrite. When the model has a long-context tier and the prompt
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
        long reasoning = Math.Max(0, usage.ReasoningTokens);
        long uncached = Math.Max(0, usage.InputTokens - cached - cacheWrite);
        long visibleOutput = Math.Max(0, usage.OutputTokens - reasoning);

        bool longContext = price.IsLongContext(usage.InputTokens);
        Rates rates = Rates.For(price, longContext);

        return new CostResult(
            input: uncached * rates.Input / TokensPerUnit,
            cachedInput: cached * rates.CachedInput / TokensPerUnit,
            cacheWrite: cacheWrite * rates.CacheWrite / TokensPerUnit,
            output: visibleOutput * rates.Output / TokensPerUnit,
            reasoning: reasoning * rates.Reasoning / TokensPerUnit,
            longContext: longContext,
            isEstimated: usage.IsEstimated,
            pricedAs: price.Id);
    }

    /// <summary>
    /// The most a call can cost, for budget reservations: every prompt token at the dearest prompt price
    /// (input, or cache write where writing the cache costs more, as at Anthropic) plus
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
        decimal promptRate = Math.Max(rates.Input, rates.CacheWrite);
        decimal outputRate = Math.Max(rates.Output, rates.Reasoning);

        return (Math.Max(0, inputTokens) * promptRate + Math.Max(0, maxOutputTokens) * outputRate) / TokensPerUnit;
    }

    private readonly record struct Rates(decimal Input, decimal CachedInput, decimal CacheWrite, decimal Output, decimal Reasoning)
    {
        public static Rates For(ModelPrice price, bool longContext)
        {
            if (longContext && price.LongContext is { } tier)
            {
                return new Rates(
                    tier.Input,
                    tier.CachedInput ?? tier.Input,
                    tier.CacheWrite ?? tier.Input,
                    tier.Output,
                    tier.Reasoning ?? tier.Output);
            }

            return new Rates(price.Input, price.EffectiveCachedInput, price.EffectiveCacheWrite, price.Output, price.EffectiveReasoning);
        }
    }
}
