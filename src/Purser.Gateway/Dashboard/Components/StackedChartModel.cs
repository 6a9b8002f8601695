using System.Globalization;
using Purser.Reports;

namespace Purser.Gateway.Dashboard.Components;

/// <summary>
/// A stacked bar chart's geometry from a cost series: one bar per hour or day (empty ones included), the biggest
/// keys stacked in order and the rest folded into "other", a rounded axis. Drawn as SVG by <c>StackedBarChart</c>.
/// </summary>
public sealed class StackedChartModel
{
    public const double Width = 760;
    public const double Height = 250;
    public const double Left = 64;
    public const double Right = 8;
    public const double Top = 10;
    public const double Bottom = 26;
    public const string Other = "other";

    private StackedChartModel(List<Bar> bars, List<Series> series, decimal axisMax, IReadOnlyList<decimal> ticks, bool money)
    {
        Bars = bars;
        Legend = series;
        AxisMax = axisMax;
        Ticks = ticks;
        Money = money;
    }

    public IReadOnlyList<Bar> Bars { get; }

    public IReadOnlyList<Series> Legend { get; }

    public decimal AxisMax { get; }

    public IReadOnlyList<decimal> Ticks { get; }

    public bool Money { get; }

    public decimal Total => Legend.Sum(s => s.Total);

    public static double PlotWidth => Width - Left - Right;

    public static double PlotHeight => Height - Top - Bottom;

    public double Y(decimal value) => Top + PlotHeight - (AxisMax == 0 ? 0 : (double)(value / AxisMax) * PlotHeight);

    public string Label(decimal value) => Money ? DashboardFormat.Usd(value) : DashboardFormat.Compact((long)value);

    /// <param name="metric">What a bar measures (cost, savings, hits…).</param>
    /// <param name="maxSeries">Keys drawn apart; beyond them the smallest are summed as "other".</param>
    public static StackedChartModel Build(CostSeries series, DateTimeOffset until, Func<CostTotals, decimal> metric, bool money, int maxSeries = 6)
    {
        long width = series.Bucket == "day" ? 86_400_000 : 3_600_000;
        long end = until.ToUnixTimeMilliseconds();
        long first = series.Since is DateTimeOffset since
            ? since.ToUnixTimeMilliseconds() / width * width
            : series.Points.Count > 0 ? series.Points[0].Start.ToUnixTimeMilliseconds() : end / width * width;
        first = Math.Max(first, end / width * width - 400 * width); // at most 400 bars

        var totals = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (CostSeriesPoint point in series.Points)
        {
            totals[point.Key] = totals.GetValueOrDefault(point.Key) + metric(point.Totals);
        }

        var ordered = totals.Where(t => t.Value != 0).OrderByDescending(t => t.Value).ThenBy(t => t.Key, StringComparer.Ordinal).Select(t => t.Key).ToList();
        var drawn = ordered.Count > maxSeries ? ordered.Take(maxSeries - 1).ToList() : ordered;
        var index = drawn.Select((key, i) => (key, i)).ToDictionary(x => x.key, x => x.i, StringComparer.Ordinal);
        int slots = drawn.Count + (ordered.Count > drawn.Count ? 1 : 0);
        var legend = drawn.Select((key, i) => new Series(key, i + 1, totals[key])).ToList();
        if (slots > drawn.Count)
        {
            legend.Add(new Series(Other, slots, ordered.Skip(drawn.Count).Sum(k => totals[k])));
        }

        var values = new SortedDictionary<long, decimal[]>();
        for (long start = first; start < end; start += width)
        {
            values[start] = new decimal[slots];
        }

        foreach (CostSeriesPoint point in series.Points)
        {
            long start = point.Start.ToUnixTimeMilliseconds();
            if (values.TryGetValue(start, out decimal[]? row) && metric(point.Totals) is var value && value != 0)
            {
                row[index.TryGetValue(point.Key, out int i) ? i : slots - 1] += value;
            }
        }

        decimal max = values.Values.Select(v => v.Sum()).DefaultIfEmpty(0).Max();
        (decimal axisMax, List<decimal> ticks) = Axis(max);
        var bars = new List<Bar>(values.Count);
        double step = PlotWidth / Math.Max(1, values.Count);
        int n = 0;
        int labelEvery = Math.Max(1, (int)Math.Ceiling(values.Count / 8.0));
        foreach (var (start, row) in values)
        {
            DateTimeOffset at = DateTimeOffset.FromUnixTimeMilliseconds(start);
            string label = width == 3_600_000 ? at.UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture) : at.UtcDateTime.ToString("MMM d", CultureInfo.InvariantCulture);
            bars.Add(new Bar(at, Left + (n * step) + (step * 0.1), step * 0.8, row, n % labelEvery == 0 ? label : null, width == 3_600_000 ? at.UtcDateTime.ToString("MMM d HH:00", CultureInfo.InvariantCulture) : at.UtcDateTime.ToString("ddd MMM d", CultureInfo.InvariantCulture)));
            n++;
        }

        return new StackedChartModel(bars, legend, axisMax, ticks, money);
    }

    /// <summary>A rounded axis maximum (1, 2, 2.5 or 5 × a power of ten) and its four ticks.</summary>
    private static (decimal Max, List<decimal> Ticks) Axis(decimal max)
    {
        if (max <= 0)
        {
            return (1, [0, 0.25m, 0.5m, 0.75m, 1]);
        }

        double raw = (double)max / 4;
        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double nice = new[] { 1, 2, 2.5, 5, 10 }.Select(f => f * magnitude).First(f => f >= raw);
        decimal step = (decimal)nice;
        return (step * 4, [0, step, step * 2, step * 3, step * 4]);
    }

    /// <summary>One bar: its bucket, position, width and the stacked values in legend order.</summary>
    public sealed record Bar(DateTimeOffset Start, double X, double Width, decimal[] Values, string? Label, string Title)
    {
        public decimal Sum => Values.Sum();
    }

    /// <summary>One legend entry: the key, its color slot (1-based) and its total over the chart.</summary>
    public sealed record Series(string Key, int Slot, decimal Total);
}
