namespace Purser.Pricing;

/// <summary>
/// Dollars ⇄ integer pico-dollars (10^-12 USD): exact for every catalog price, summable in SQL, and the unit both the
/// ledger and the budgets count in, so spend rebuilt from the ledger equals the spend counted in memory. The one
/// conversion: everything that stores or counts money in pico-dollars goes through here.
/// </summary>
internal static class Money
{
    public const decimal PicoPerDollar = 1_000_000_000_000m;

    /// <summary>Dollars to pico-dollars, rounded half away from zero (as the ledger stores every cost).</summary>
    public static long RoundToPico(decimal usd) => (long)decimal.Round(usd * PicoPerDollar, 0, MidpointRounding.AwayFromZero);

    public static long? ToPico(decimal? usd) => usd is decimal d ? RoundToPico(d) : null;

    /// <summary>A worst-case cost in pico-dollars, rounded up so a reservation never falls short of the cost it covers.</summary>
    public static long CeilingToPico(decimal usd) => (long)decimal.Ceiling(usd * PicoPerDollar);

    public static decimal FromPico(long pico) => pico / PicoPerDollar;

    public static decimal? FromPico(long? pico) => pico is long p ? FromPico(p) : null;
}
