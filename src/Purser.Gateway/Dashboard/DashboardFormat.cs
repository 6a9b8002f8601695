using System.Globalization;
using Purser.Pricing;

namespace Purser.Gateway.Dashboard;

/// <summary>How the dashboard writes numbers: money with sensible precision and thousands separators, "—" for unknown.</summary>
public static class DashboardFormat
{
    public const string Unknown = "—";

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>$1,234.50 · $12.34 · $0.0125 · $0.000042 · &lt;$0.000001 · — (unknown).</summary>
    public static string Usd(decimal? usd)
    {
        if (usd is not decimal value)
        {
            return Unknown;
        }

        decimal magnitude = Math.Abs(value);
        int decimals = magnitude == 0 || magnitude >= 1 ? 2 : magnitude >= 0.01m ? 4 : 6;
        return CostFormatter.Format(value, decimals);
    }

    /// <summary>The exact amount for a title or a data attribute (invariant, full precision).</summary>
    public static string Exact(decimal? usd) => usd is decimal value ? CostFormatter.ToInvariantString(value) : "";

    public static string Count(long value) => value.ToString("N0", Invariant);

    /// <summary>1.2K, 34.5M for axis labels and tight spots; exact below 10,000.</summary>
    public static string Compact(long value) => Math.Abs(value) switch
    {
        < 10_000 => Count(value),
        < 1_000_000 => (value / 1_000d).ToString("0.#", Invariant) + "K",
        < 1_000_000_000 => (value / 1_000_000d).ToString("0.#", Invariant) + "M",
        _ => (value / 1_000_000_000d).ToString("0.#", Invariant) + "B",
    };

    public static string Percent(double? ratio, int decimals = 1) =>
        ratio is double r ? (r * 100).ToString("N" + decimals.ToString(Invariant), Invariant) + "%" : Unknown;

    public static string Ms(double? ms) => ms switch
    {
        null => Unknown,
        < 1 => ms.Value.ToString("0.##", Invariant) + " ms",
        < 10_000 => ms.Value.ToString("N0", Invariant) + " ms",
        _ => (ms.Value / 1000).ToString("N1", Invariant) + " s",
    };

    public static string Time(DateTimeOffset? at) => at is DateTimeOffset t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", Invariant) + " UTC" : Unknown;

    public static string ShortTime(DateTimeOffset at, DateTimeOffset now) =>
        at.UtcDateTime.Date == now.UtcDateTime.Date ? at.UtcDateTime.ToString("HH:mm:ss", Invariant) : at.UtcDateTime.ToString("MMM d HH:mm", Invariant);

    public static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", Invariant);

    /// <summary>How long ago, roughly: 12 s, 5 min, 3 h, 2 d.</summary>
    public static string Ago(DateTimeOffset at, DateTimeOffset now)
    {
        TimeSpan age = now - at;
        return age.TotalSeconds switch
        {
            < 1 => "now",
            < 60 => $"{(int)age.TotalSeconds} s ago",
            < 3600 => $"{(int)age.TotalMinutes} min ago",
            < 86_400 => $"{(int)age.TotalHours} h ago",
            _ => $"{(int)age.TotalDays} d ago",
        };
    }

    /// <summary>The change from <paramref name="previous"/> to <paramref name="current"/>: "+12.5%", "−3.0%", "new" or "—".</summary>
    public static (string Text, int Sign) Change(decimal current, decimal previous)
    {
        if (previous == 0)
        {
            return current == 0 ? (Unknown, 0) : ("new", 1);
        }

        decimal change = (current - previous) / previous;
        string text = Math.Abs(change * 100).ToString("N1", Invariant) + "%";
        return change switch
        {
            > 0 => ("+" + text, 1),
            < 0 => ("−" + text, -1),
            _ => ("0.0%", 0),
        };
    }

    /// <summary>
    /// A total's cost; when some calls in it had no price, what is known as a lower bound ("≥ $1.20"), or "—" when
    /// nothing is known.
    /// </summary>
    public static string Cost(Purser.Reports.CostTotals totals) =>
        totals.CostUsd is decimal cost ? Usd(cost) : totals.KnownCostUsd == 0 ? Unknown : "≥ " + Usd(totals.KnownCostUsd);

    public static string Amount(decimal amount, string unit) => unit == "tokens" ? amount.ToString("N0", Invariant) + " tokens" : Usd(amount);
}
