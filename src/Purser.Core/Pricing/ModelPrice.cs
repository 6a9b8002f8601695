namespace Purser.Pricing;

/// <summary>
/// What one model costs, in USD per 1,000,000 tokens, with its limits.
/// </summary>
/// <remarks>
/// <para>A missing (null) optional price never means free:</para>
/// <list type="bullet">
/// <item><see cref="CachedInput"/> null: cached reads cost the full <see cref="Input"/> price (the provider has
/// no cache discount, or none is known; billing them at the full price never under-counts spend).</item>
/// <item><see cref="CacheWrite"/> null: cache writes cost <see cref="Input"/> (OpenAI, Gemini, xAI and DeepSeek
/// charge nothing extra to write their caches).</item>
/// <item><see cref="Reasoning"/> null: reasoning tokens cost <see cref="Output"/> (true of every current model:
/// the field exists for models that price thinking differently).</item>
/// </list>
/// <para>A price of 0 is a known zero (a self-hosted model): the cost is known to be $0, unlike a missing price.</para>
/// </remarks>
public sealed record ModelPrice
{
    /// <summary>The canonical <c>provider/model</c> name this price is listed under; null for an ad-hoc price.</summary>
    public string? Id { get; init; }

    /// <summary>USD per 1M uncached prompt tokens.</summary>
    public required decimal Input { get; init; }

    /// <summary>USD per 1M output tokens (visible output; reasoning too unless <see cref="Reasoning"/> is set).</summary>
    public required decimal Output { get; init; }

    /// <summary>USD per 1M prompt tokens read from the provider's prompt cache; null means <see cref="Input"/>.</summary>
    public decimal? CachedInput { get; init; }

    /// <summary>
    /// USD per 1M prompt tokens written to the provider's prompt cache; null means <see cref="Input"/>.
    /// For Anthropic this is the 5-minute write (1.25 × input); one-hour writes have <see cref="CacheWrite1h"/>.
    /// </summary>
    public decimal? CacheWrite { get; init; }

    /// <summary>
    /// USD per 1M prompt tokens written to a one-hour cache (Anthropic: 2 × input; usage reports them as
    /// <c>cache_creation.ephemeral_1h_input_tokens</c>). Null means twice <see cref="Input"/> where cache writes are
    /// priced (<see cref="CacheWrite"/> set: Anthropic's rule), <see cref="Input"/> otherwise.
    /// </summary>
    public decimal? CacheWrite1h { get; init; }

    /// <summary>USD per 1M reasoning tokens, only where priced differently from output; null means <see cref="Output"/>.</summary>
    public decimal? Reasoning { get; init; }

    /// <summary>Largest prompt + output the model accepts, in tokens, when known.</summary>
    public long? ContextWindow { get; init; }

    /// <summary>Largest output the model produces in one answer, in tokens, when known.</summary>
    public long? MaxOutputTokens { get; init; }

    /// <summary>The long-prompt price tier, when the model has one.</summary>
    public LongContextPrice? LongContext { get; init; }

    /// <summary>Other names this model is reached by (dated snapshots, <c>-latest</c> names).</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>False when a figure could not be confirmed against a source when the catalog was updated.</summary>
    public bool Verified { get; init; } = true;

    /// <summary>Where the figures come from: a source key of the catalog, or <c>configuration</c>.</summary>
    public string? Source { get; init; }

    /// <summary>Free-text remarks (what is unverified, what is not modelled).</summary>
    public string? Notes { get; init; }

    /// <summary>The cached-read price in effect (<see cref="CachedInput"/> or <see cref="Input"/>).</summary>
    public decimal EffectiveCachedInput => CachedInput ?? Input;

    /// <summary>The cache-write price in effect (<see cref="CacheWrite"/> or <see cref="Input"/>).</summary>
    public decimal EffectiveCacheWrite => CacheWrite ?? Input;

    /// <summary>The one-hour cache-write price in effect (see <see cref="CacheWrite1h"/>).</summary>
    public decimal EffectiveCacheWrite1h => CacheWrite1h ?? (CacheWrite is decimal write ? Math.Max(write, 2 * Input) : Input);

    /// <summary>The reasoning price in effect (<see cref="Reasoning"/> or <see cref="Output"/>).</summary>
    public decimal EffectiveReasoning => Reasoning ?? Output;

    /// <summary>True when the long-context tier applies to a prompt of <paramref name="promptTokens"/> tokens.</summary>
    public bool IsLongContext(long promptTokens) => LongContext is { } tier && promptTokens > tier.Threshold;
}
