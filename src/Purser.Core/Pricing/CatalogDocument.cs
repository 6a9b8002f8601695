namespace Purser.Pricing;

/// <summary>The shape of <c>catalog.json</c> (the embedded pricing catalog).</summary>
internal sealed class CatalogDocument
{
    public DateOnly Updated { get; set; }

    public string? Currency { get; set; }

    public string? Unit { get; set; }

    public string? Notes { get; set; }

    public List<PricingSource> Sources { get; set; } = [];

    public Dictionary<string, CatalogModel> Models { get; set; } = [];
}
