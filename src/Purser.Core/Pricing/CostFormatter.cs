using System.Globalization;

namespace Purser.Pricing;

/// <summary>Turns costs into text. Costs are kept at full precision; rounding happens only here.</summary>
internal static class CostFormatter
{
    /// <summary>The text of an unknown cost.</summary>
    public const string UnknownText = "unknown";

    /// <summary>
    /// For people: <c>$0.0125</c>, <c>$5.00</c>, <c>$1,234.50</c>; at most <paramref name="maxDecimals"/>
    /// decimals (rounded half away from zero), at least two; a cost too small to show is <c>&lt;$0.000001</c>,
    /// never <c>$0.00</c>.
    /// </summary>
    public static string Format(decimal usd, int maxDecimals = 6)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDecimals, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxDecimals, 28);

        decimal rounded = Math.Round(usd, maxDecimals, MidpointRounding.AwayFromZero);
        if (rounded == 0m && usd != 0m)
        {
            string smallest = (1m / Pow10(maxDecimals)).ToString("0." + new string('#', maxDecimals), CultureInfo.InvariantCulture);
            return (usd < 0 ? "-<$" : "<$") + smallest;
        }

        string digits = Math.Abs(rounded).ToString("#,0.00" + new string('#', maxDecimals - 2), CultureInfo.InvariantCulture);
        return (rounded < 0 ? "-$" : "$") + digits;
    }

    /// <summary>The text of a cost that is not known at all in a table (no price for any of its calls).</summary>
    public const string UnknownDash = "—";

    /// <summary>
    /// For people, a sum that may include calls of unknown cost: <c>$0.05</c>; <c>$0.05 + 2 unpriced</c> when some calls
    /// had no price; <c>— (2 unpriced)</c> when nothing in it had a known cost. Never a silent <c>$0</c>.
    /// </summary>
    public static string FormatSum(decimal known, long unpricedCalls, int maxDecimals = 6) => unpricedCalls switch
    {
        0 => Format(known, maxDecimals),
        _ when known == 0 => $"{UnknownDash} ({unpricedCalls} unpriced)",
        _ => $"{Format(known, maxDecimals)} + {unpricedCalls} unpriced",
    };

    /// <summary>For people: the total as <see cref="Format(decimal, int)"/> does, or <c>unknown</c>.</summary>
    public static string Format(CostResult cost, int maxDecimals = 6) =>
        cost.Total is { } total ? Format(total, maxDecimals) : UnknownText;

    /// <summary>
    /// For machines (headers such as <c>x-purser-cost-usd</c>, JSON, CSV): full precision, invariant culture,
    /// no trailing zeros, no exponent: <c>0.0125</c>, <c>5</c>, <c>0</c>.
    /// </summary>
    public static string ToInvariantString(decimal usd) =>
        usd.ToString("0.############################", CultureInfo.InvariantCulture);

    private static decimal Pow10(int exponent)
    {
        decimal result = 1m;
        for (int i = 0; i < exponent; i++)
        {
            result *= 10m;
        }

        return result;
    }
}
