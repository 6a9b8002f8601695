using Purser.Pricing;
using Purser.Usage;

namespace Purser.Core.Tests.Pricing;

public sealed class CostResultTests
{
    private static readonly ModelPrice Seed = new() { Id = "xai/grok-beta", Input = 5m, Output = 15m };

    [Fact]
    public void Default_IsUnknown()
    {
        CostResult cost = default;

        cost.IsKnown.ShouldBeFalse();
        cost.Total.ShouldBeNull();
        cost.ShouldBe(CostResult.Unknown);
    }

    [Fact]
    public void Add_TwoKnownCosts_SumsEveryPart()
    {
        CostResult first = CostCalculator.Compute(new TokenUsage(1_000, 500), Seed);
        CostResult second = CostCalculator.Compute(new TokenUsage(2_000, 0, isEstimated: true), Seed);

        CostResult sum = first + second;

        sum.IsKnown.ShouldBeTrue();
        sum.Input.ShouldBe(0.015m);
        sum.Output.ShouldBe(0.0075m);
        sum.Total.ShouldBe(0.0225m);
        sum.IsEstimated.ShouldBeTrue();
        sum.PricedAs.ShouldBe("xai/grok-beta");
    }

    [Fact]
    public void Add_KnownAndUnknown_IsUnknown()
    {
        CostResult known = CostCalculator.Compute(new TokenUsage(1_000, 500), Seed);

        (known + CostResult.Unknown).IsKnown.ShouldBeFalse();
        CostResult.Add(CostResult.Unknown, known).Total.ShouldBeNull();
    }

    [Fact]
    public void Add_DifferentModels_HasNoSinglePricedAs()
    {
        CostResult first = CostCalculator.Compute(new TokenUsage(1, 1), Seed);
        CostResult second = CostCalculator.Compute(new TokenUsage(1, 1), Seed with { Id = "openai/gpt-4o" });

        (first + second).PricedAs.ShouldBeNull();
    }

    [Fact]
    public void ToString_Known_IsFormattedTotal()
    {
        CostCalculator.Compute(new TokenUsage(1_000, 500), Seed).ToString().ShouldBe("$0.0125");
    }
}
