namespace Purser.Pricing;

/// <summary>One model of <c>catalog.json</c>; field names are those of configuration overrides.</summary>
internal sealed class CatalogModel
{
    public decimal? Input { get; set; }

    public decimal? Output { get; set; }

    public decimal? CachedInput { get; set; }

    public decimal? CacheWrite { get; set; }

    public decimal? CacheWrite1h { get; set; }

    public decimal? Reasoning { get; set; }

    public long? ContextWindow { get; set; }

    public long? MaxOutput { get; set; }

    public CatalogLongContext? LongContext { get; set; }

    public List<string>? Aliases { get; set; }

    public bool? Verified { get; set; }

    public string? Source { get; set; }

    public string? Notes { get; set; }
}
