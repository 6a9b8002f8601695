using System.Globalization;
using System.Text;
using Purser.Bench.Load;

namespace Purser.Bench.Report;

/// <summary>One scenario's section of the report: the same per-round pairing as the baseline's tables.</summary>
internal static class ScenarioSummaryWriter
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Markdown(Scenario scenario, BenchOptions options, IReadOnlyList<RoundRecord> records, IReadOnlyList<StreamTiming> timings, MemoryFigures purser)
    {
        var md = new StringBuilder().AppendLine();
        md.AppendLine(Inv, $"## Scenario `{scenario.Name}`: {scenario.Title}");
        md.AppendLine();
        if (!scenario.Portkey && options.Portkey)
        {
            md.AppendLine(Inv, $"Portkey is left out of this scenario: {scenario.PortkeyLeftOutBecause}.");
            md.AppendLine();
        }

        AppendTargets(md, options.Concurrency, records);
        md.AppendLine();
        md.AppendLine("| connections | Purser − floor CPU µs/req | Purser ÷ floor req/s | Purser ÷ Portkey req/s |");
        md.AppendLine("|---:|---:|---:|---:|");
        foreach (int c in options.Concurrency)
        {
            var floor = SummaryWriter.Pairs(records, c, Target.Purser, Target.Floor);
            var portkey = SummaryWriter.Pairs(records, c, Target.Purser, Target.Portkey);
            string cpu = floor.Count == 0 ? "—" : Stats.Median(floor.Select(p => p.A.ServerCpuUsPerRequest - p.B.ServerCpuUsPerRequest)).ToString("0", Inv);
            string overFloor = floor.Count == 0 ? "—" : Stats.Median(floor.Select(p => p.A.RequestsPerSecond / p.B.RequestsPerSecond)).ToString("0.00", Inv);
            string overPortkey = portkey.Count == 0 ? "—" : Stats.Median(portkey.Select(p => p.A.RequestsPerSecond / p.B.RequestsPerSecond)).ToString("0.0", Inv) + "×";
            md.AppendLine(Inv, $"| {c} | {cpu} | {overFloor} | {overPortkey} |");
        }

        if (timings.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("Streamed answers one at a time on one connection (a raw-socket client): time to the first SSE event and to the end of the answer, added over direct, median of per-round differences.");
            md.AppendLine();
            md.AppendLine("| target | first byte p50 ms | added first byte p50 ms | added first byte p99 ms | last byte p50 ms | added last byte p50 ms | added last byte p99 ms |");
            md.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
            foreach (string target in timings.Select(t => t.Target).Distinct())
            {
                StreamTiming[] mine = [.. timings.Where(t => t.Target == target)];
                var pairs = (from a in mine join b in timings.Where(t => t.Target == Target.Direct) on a.Round equals b.Round select (A: a, B: b)).ToList();
                string Added(Func<StreamTiming, long> f) => target == Target.Direct ? "—" : (Stats.Median(pairs.Select(p => (double)(f(p.A) - f(p.B)))) / 1000).ToString("0.000", Inv);
                md.AppendLine(Inv, $"| {target} | {Stats.Median(mine.Select(t => (double)t.FirstP50Us)) / 1000:0.000} | {Added(t => t.FirstP50Us)} | {Added(t => t.FirstP99Us)} | {Stats.Median(mine.Select(t => (double)t.LastP50Us)) / 1000:0.000} | {Added(t => t.LastP50Us)} | {Added(t => t.LastP99Us)} |");
            }
        }

        md.AppendLine();
        md.AppendLine(Inv, $"Purser's resident set in this scenario: peak under measured load {Mb(purser.PeakUnderLoadKb)} MB, lifetime peak (VmHWM) {Mb(purser.HighWaterMarkKb)} MB.");
        return md.ToString();
    }

    /// <summary>Per level and target: medians over rounds, and added latency over direct (median of per-round differences).</summary>
    public static void AppendTargets(StringBuilder md, IReadOnlyList<int> concurrency, IReadOnlyList<RoundRecord> records)
    {
        string[] targets = [.. records.Select(r => r.Target).Distinct()];
        md.AppendLine("| connections | target | req/s | p50 ms | p99 ms | added p50 ms | added p99 ms | server CPU µs/req | voluntary switches/req | errors |");
        md.AppendLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (int c in concurrency)
        {
            foreach (string target in targets)
            {
                RoundRecord[] runs = [.. records.Where(r => r.Concurrency == c && r.Target == target)];
                if (runs.Length == 0)
                {
                    continue;
                }

                var direct = SummaryWriter.Pairs(records, c, target, Target.Direct);
                string added50 = target == Target.Direct ? "—" : Stats.Median(direct.Select(p => (p.A.Wrk.P50Us - p.B.Wrk.P50Us) / 1000.0)).ToString("0.000", Inv);
                string added99 = target == Target.Direct ? "—" : Stats.Median(direct.Select(p => (p.A.Wrk.P99Us - p.B.Wrk.P99Us) / 1000.0)).ToString("0.000", Inv);
                md.AppendLine(Inv, $"| {c} | {target} | {Stats.Median(runs.Select(r => r.RequestsPerSecond)):#,0} | {Stats.Median(runs.Select(r => (double)r.Wrk.P50Us)) / 1000:0.000} | {Stats.Median(runs.Select(r => (double)r.Wrk.P99Us)) / 1000:0.000} | {added50} | {added99} | {Stats.Median(runs.Select(r => r.ServerCpuUsPerRequest)):0} | {Stats.Median(runs.Select(r => r.SwitchesPerRequest)):0.0} | {runs.Sum(r => r.Wrk.Errors)} |");
            }
        }
    }

    private static string Mb(long? kb) => kb is long k ? (k / 1024.0).ToString("0", Inv) : "—";
}
