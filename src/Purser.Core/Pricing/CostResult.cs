namespace Purser.Pricing;

/// <summary>
/// The cost of one call (or of several summed), itemised, in USD at full <see cref="decimal"/> precision.
/// </summary>
/// <remarks>
/// A cost is either known (a price was found; the total may be a known $0 for a self-hosted model) or
/// unknown (no price for the model). An unknown cost has no <see cref="Total"/>: it is never reported as $0.
/// <c>default(CostResult)</c> is <see cref="Unknown"/>.
/// </remarks>
public readonly record struct CostResult
{
    internal CostResult(
        decimal input,
        decimal cachedInput,
        decimal cacheWrite,
        decimal output,
        decimal reasoning,
        bool longContext,
        bool isEstimated,
        string? pricedAs)
    {
        IsKnown = true;
        Input = input;
        CachedInput = cachedInput;
        CacheWrite = cacheWrite;
        Output = output;
        Reasoning = reasoning;
        LongContext = longContext;
        IsEstimated = isEstimated;
        PricedAs = pricedAs;
    }

    /// <summary>The cost of a call whose model has no price.</summary>
    public static CostResult Unknown => default;

    /// <summary>True when a price was found and the cost computed (possibly a known $0).</summary>
    public bool IsKnown { get; }

    /// <summary>Uncached prompt tokens × input price.</summary>
    public decimal Input { get; }

    /// <summary>Cached prompt tokens × cached-input price.</summary>
    public decimal CachedInput { get; }

    /// <summary>Cache-write tokens × cache-write price.</summary>
    public decimal CacheWrite { get; }

    /// <summary>Non-reasoning output tokens × output price.</summary>
    public decimal Output { get; }

    /// <summary>Reasoning tokens × reasoning price.</summary>
    public decimal Reasoning { get; }

    /// <summary>True when the long-context price tier was applied.</summary>
    public bool LongContext { get; }

    /// <summary>True when the token counts were estimated by Purser rather than reported by the upstream.</summary>
    public bool IsEstimated { get; }

    /// <summary>The catalog entry (<c>provider/model</c>) the tokens were priced as, when known.</summary>
    public string? PricedAs { get; }

    /// <summary>The total in USD; null when the cost is unknown.</summary>
    public decimal? Total => IsKnown ? Input + CachedInput + CacheWrite + Output + Reasoning : null;

    /// <summary>
    /// Sums two costs (attempts of one request, calls of a session). The sum is unknown when either part is.
    /// </summary>
    public static CostResult operator +(CostResult left, CostResult right)
    {
        if (!left.IsKnown || !right.IsKnown)
        {
            return Unknown;
        }

        return new CostResult(
            left.Input + right.Input,
            left.CachedInput + right.CachedInput,
            left.CacheWrite + right.CacheWrite,
            left.Output + right.Output,
            left.Reasoning + right.Reasoning,
            left.LongContext || right.LongContext,
            left.IsEstimated || right.IsEstimated,
            string.Equals(left.PricedAs, right.PricedAs, StringComparison.OrdinalIgnoreCase) ? left.PricedAs : null);
    }

    /// <summary>Same as the <c>+</c> operator.</summary>
    public static CostResult Add(CostResult left, CostResult right) => left + right;

    /// <summary>The total for display (<c>$0.0125</c>), or <c>unknown</c>.</summary>
    public override string ToString() => CostFormatter.Format(this);
}
