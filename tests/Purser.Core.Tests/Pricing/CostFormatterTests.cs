using Purser.Pricing;

namespace Purser.Core.Tests.Pricing;

public sealed class CostFormatterTests
{
    [Theory]
    [InlineData("0.0125", "$0.0125")]
    [InlineData("5", "$5.00")]
    [InlineData("0", "$0.00")]
    [InlineData("1234.5", "$1,234.50")]
    [InlineData("0.0000015", "$0.000002")]
    [InlineData("0.00000005", "<$0.000001")]
    [InlineData("-0.25", "-$0.25")]
    public void Format_Amount_IsReadable(string amount, string expected)
    {
        CostFormatter.Format(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(expected);
    }

    [Fact]
    public void Format_FewerDecimals_RoundsHalfAwayFromZero()
    {
        CostFormatter.Format(0.125m, maxDecimals: 2).ShouldBe("$0.13");
    }

    [Fact]
    public void Format_UnknownCost_IsUnknown()
    {
        CostFormatter.Format(CostResult.Unknown).ShouldBe("unknown");
    }

    [Theory]
    [InlineData("0.012500", "0.0125")]
    [InlineData("5.000", "5")]
    [InlineData("0.00000005", "0.00000005")]
    [InlineData("0", "0")]
    public void ToInvariantString_Amount_IsFullPrecisionWithoutTrailingZeros(string amount, string expected)
    {
        CostFormatter.ToInvariantString(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(expected);
    }

    [Theory]
    [InlineData("0.05", 0, "$0.05")]
    [InlineData("0", 2, "— (2 unpriced)")]
    [InlineData("0.05", 2, "$0.05 + 2 unpriced")]
    public void FormatSum_UnpricedCalls_AreNeverASilentZero(string known, long unpriced, string expected)
    {
        CostFormatter.FormatSum(decimal.Parse(known, System.Globalization.CultureInfo.InvariantCulture), unpriced).ShouldBe(expected);
    }
}
