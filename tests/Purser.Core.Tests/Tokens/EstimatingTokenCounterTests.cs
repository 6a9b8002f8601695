using Purser.Tokens;

namespace Purser.Core.Tests.Tokens;

public sealed class EstimatingTokenCounterTests
{
    [Fact]
    public void Count_Text_IsBaseCountTimesFactorRoundedUp()
    {
        var counter = new EstimatingTokenCounter("test", BpeEncoding.Cl100kBase, 1.5);

        TokenCount count = counter.Count("Hello, world!"); // 4 tokens in cl100k_base

        count.ShouldBe(new TokenCount(6, IsExact: false, "estimate:test(cl100k_base*1.50)"));
        counter.Count("Hello").Tokens.ShouldBe(2); // 1 × 1.5 rounds up
        counter.Count("").Tokens.ShouldBe(0);
    }

    [Fact]
    public void Constructor_NonPositiveFactor_Throws() =>
        Should.Throw<ArgumentOutOfRangeException>(() => new EstimatingTokenCounter("x", BpeEncoding.O200kBase, 0));
}
