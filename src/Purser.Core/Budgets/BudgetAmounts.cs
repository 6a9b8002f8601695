using System.Globalization;
using Purser.Pricing;

namespace Purser.Budgets;

/// <summary>
/// Budgets count in whole units: pico-dollars (10^-12 USD, the ledger's own unit, so spend rebuilt from the ledger
/// equals the spend counted in memory) or tokens.
/// </summary>
public static class BudgetAmounts
{
    public const decimal PicoPerDollar = 1_000_000_000_000m;

    /// <summary>An amount in the unit's counting units: dollars → pico-dollars (rounded as the ledger rounds), tokens as they are.</summary>
    public static long ToUnits(decimal amount, BudgetUnit unit) => unit == BudgetUnit.Usd
        ? (long)decimal.Round(amount * PicoPerDollar, 0, MidpointRounding.AwayFromZero)
        : (long)decimal.Round(amount, 0, MidpointRounding.AwayFromZero);

    /// <summary>A worst-case cost in pico-dollars, rounded up so a reservation never falls short of the cost it covers.</summary>
    public static long UsdCeilingToPico(decimal usd) => (long)decimal.Ceiling(usd * PicoPerDollar);

    /// <summary>Counting units back to dollars or tokens.</summary>
    public static decimal FromUnits(long units, BudgetUnit unit) => unit == BudgetUnit.Usd ? units / PicoPerDollar : units;

    /// <summary>For people: "$4.9987" or "199,500 tokens".</summary>
    public static string Format(long units, BudgetUnit unit) => unit == BudgetUnit.Usd
        ? CostFormatter.Format(FromUnits(units, unit))
        : units.ToString("N0", CultureInfo.InvariantCulture) + " tokens";

    public static string Name(this BudgetUnit unit) => unit == BudgetUnit.Usd ? "usd" : "tokens";
}
