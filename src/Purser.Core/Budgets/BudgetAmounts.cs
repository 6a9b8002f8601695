using System.Globalization;
using Purser.Pricing;

namespace Purser.Budgets;

/// <summary>
/// Budgets count in whole units: pico-dollars (see <see cref="Money"/>, the ledger's own unit) or tokens.
/// </summary>
internal static class BudgetAmounts
{
    /// <summary>An amount in the unit's counting units: dollars → pico-dollars (rounded as the ledger rounds), tokens as they are.</summary>
    public static long ToUnits(decimal amount, BudgetUnit unit) => unit == BudgetUnit.Usd
        ? Money.RoundToPico(amount)
        : (long)decimal.Round(amount, 0, MidpointRounding.AwayFromZero);

    /// <summary>Counting units back to dollars or tokens.</summary>
    public static decimal FromUnits(long units, BudgetUnit unit) => unit == BudgetUnit.Usd ? Money.FromPico(units) : units;

    /// <summary>For people: "$4.9987" or "199,500 tokens".</summary>
    public static string Format(long units, BudgetUnit unit) => unit == BudgetUnit.Usd
        ? CostFormatter.Format(FromUnits(units, unit))
        : units.ToString("N0", CultureInfo.InvariantCulture) + " tokens";

    public static string Name(this BudgetUnit unit) => unit == BudgetUnit.Usd ? "usd" : "tokens";
}
