namespace Purser.Pricing;

/// <summary>Where catalog prices come from, and when the source was read.</summary>
internal sealed record PricingSource
{
    /// <summary>Short key that catalog entries cite in their <c>source</c> field.</summary>
    public string Key { get; init; } = "";

    public string Name { get; init; } = "";

    public string Url { get; init; } = "";

    /// <summary>The day the source was read.</summary>
    public DateOnly Read { get; init; }

    /// <summary>Which figures the source supplied.</summary>
    public string? Covers { get; init; }
}
