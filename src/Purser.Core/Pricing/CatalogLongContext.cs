namespace Purser.Pricing;

/// <summary>The <c>longContext</c> tier of a model in <c>catalog.json</c>.</summary>
internal sealed class CatalogLongContext
{
    public long? Threshold { get; set; }

    public decimal? Input { get; set; }

    public decimal? Output { get; set; }

    public decimal? CachedInput { get; set; }

    public decimal? CacheWrite { get; set; }

    public decimal? CacheWrite1h { get; set; }

    public decimal? Reasoning { get; set; }
}
