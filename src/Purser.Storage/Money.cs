namespace Purser.Storage;

/// <summary>Dollars ⇄ integer pico-dollars (10^-12 USD): exact for every catalog price, and summable in SQL.</summary>
public static class Money
{
    private const decimal PicoPerDollar = 1_000_000_000_000m;

    public static long? ToPico(decimal? usd) => usd is decimal d ? (long)decimal.Round(d * PicoPerDollar, 0, MidpointRounding.AwayFromZero) : null;

    public static decimal FromPico(long pico) => pico / PicoPerDollar;

    public static decimal? FromPico(long? pico) => pico is long p ? FromPico(p) : null;
}
