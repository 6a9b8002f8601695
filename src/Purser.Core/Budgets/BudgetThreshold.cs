using System.Globalization;

namespace Purser.Budgets;

/// <summary>
/// A tier threshold: a share of the limit (<c>"40%"</c>) or an amount in the budget's unit (<c>"2"</c> = $2, or
/// 2 tokens for a token budget). The tier changes when what is left falls below it.
/// </summary>
internal readonly record struct BudgetThreshold(decimal Value, bool IsPercent)
{
    /// <summary>Parses "40%", "2", "2.50" or "$2"; false for anything else or a negative value.</summary>
    public static bool TryParse(string? text, out BudgetThreshold threshold)
    {
        threshold = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        string s = text.Trim();
        bool percent = s.EndsWith('%');
        if (percent)
        {
            s = s[..^1].TrimEnd();
        }
        else if (s.StartsWith('$'))
        {
            s = s[1..];
        }

        if (!decimal.TryParse(s, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal value) || (percent && value > 100))
        {
            return false;
        }

        threshold = new BudgetThreshold(value, percent);
        return true;
    }

    /// <summary>The threshold in the budget's counting units (pico-dollars or tokens) for a limit of <paramref name="limitUnits"/>.</summary>
    public long ToUnits(long limitUnits, BudgetUnit unit) => IsPercent
        ? (long)Math.Floor(limitUnits * Value / 100m)
        : BudgetAmounts.ToUnits(Value, unit);

    public override string ToString() => IsPercent
        ? Value.ToString("0.##", CultureInfo.InvariantCulture) + "%"
        : Value.ToString("0.############", CultureInfo.InvariantCulture);
}
