using System.Globalization;
using System.Text;
using Purser.Bench.Load;

namespace Purser.Bench.Report;

/// <summary>
/// Turns the rounds into the report: medians of per-round figures, added latency and ratios computed within each
/// round (the targets of one round ran back to back, so they saw the same machine), and the spec's bars.
/// </summary>
internal static class SummaryWriter
{
    public const double AddedP50BarMs = 0.2;
    public const double AddedP99BarMs = 1.0;
    public const double PortkeyRatioBar = 10;
    public const double MemoryBarMb = 150;

    /// <summary>From this many connections on, every target here is CPU-bound on two cores, so req/s measures capacity.</summary>
    public const int SaturatingConcurrency = 16;

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Markdown(RunInfo info, IReadOnlyList<RoundRecord> records, IReadOnlyList<MemoryFigures> memory)
    {
        var md = new StringBuilder();
        string[] targets = [.. records.Select(r => r.Target).Distinct()];
        bool portkey = targets.Contains(Target.Portkey);

        AppendHeader(md, info, records);
        md.AppendLine();
        md.AppendLine("### Throughput and latency (medians over rounds)");
        md.AppendLine();
        md.AppendLine("| connections | target | req/s | req/s range | p50 ms | p90 ms | p99 ms | server CPU µs/req | other load % | errors |");
        md.AppendLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (int c in info.Concurrency)
        {
            foreach (string target in targets)
            {
                RoundRecord[] runs = [.. records.Where(r => r.Concurrency == c && r.Target == target)];
                if (runs.Length == 0)
                {
                    continue;
                }

                md.AppendLine(Inv, $"| {c} | {target} | {Rps(Stats.Median(runs.Select(r => r.RequestsPerSecond)))} | {Rps(runs.Min(r => r.RequestsPerSecond))}–{Rps(runs.Max(r => r.RequestsPerSecond))} | {Ms(Stats.Median(runs.Select(r => (double)r.Wrk.P50Us)))} | {Ms(Stats.Median(runs.Select(r => (double)r.Wrk.P90Us)))} | {Ms(Stats.Median(runs.Select(r => (double)r.Wrk.P99Us)))} | {Stats.Median(runs.Select(r => r.ServerCpuUsPerRequest)):0} | {Stats.Median(runs.Select(r => r.ForeignCpuPercent(info.Cores))):0} | {runs.Sum(r => r.Wrk.Errors)} |");
            }
        }

        md.AppendLine();
        md.AppendLine("### Added latency over calling the upstream directly (median of per-round differences)");
        md.AppendLine();
        md.AppendLine("| connections | gateway | added p50 ms | added p50 range | added p99 ms | added p99 range | req/s ÷ direct |");
        md.AppendLine("|---:|---|---:|---:|---:|---:|---:|");
        foreach (int c in info.Concurrency)
        {
            foreach (string gateway in targets.Where(t => t != Target.Direct))
            {
                var pairs = Pairs(records, c, gateway, Target.Direct);
                if (pairs.Count == 0)
                {
                    continue;
                }

                double[] p50 = [.. pairs.Select(p => (p.A.Wrk.P50Us - p.B.Wrk.P50Us) / 1000.0)];
                double[] p99 = [.. pairs.Select(p => (p.A.Wrk.P99Us - p.B.Wrk.P99Us) / 1000.0)];
                double ratio = Stats.Median(pairs.Select(p => p.A.RequestsPerSecond / p.B.RequestsPerSecond));
                md.AppendLine(Inv, $"| {c} | {gateway} | {Stats.Median(p50):0.000} | {p50.Min():0.000}–{p50.Max():0.000} | {Stats.Median(p99):0.000} | {p99.Min():0.000}–{p99.Max():0.000} | {ratio:0.00} |");
            }
        }

        if (targets.Contains(Target.Floor) && targets.Contains(Target.Purser))
        {
            md.AppendLine();
            md.AppendLine("### Purser's own share: Purser minus the floor (a bare .NET pass-through proxy), per round");
            md.AppendLine();
            md.AppendLine("| connections | p50 ms | p99 ms | server CPU µs/req |");
            md.AppendLine("|---:|---:|---:|---:|");
            foreach (int c in info.Concurrency)
            {
                var pairs = Pairs(records, c, Target.Purser, Target.Floor);
                if (pairs.Count > 0)
                {
                    md.AppendLine(Inv, $"| {c} | {Stats.Median(pairs.Select(p => (p.A.Wrk.P50Us - p.B.Wrk.P50Us) / 1000.0)):0.000} | {Stats.Median(pairs.Select(p => (p.A.Wrk.P99Us - p.B.Wrk.P99Us) / 1000.0)):0.000} | {Stats.Median(pairs.Select(p => p.A.ServerCpuUsPerRequest - p.B.ServerCpuUsPerRequest)):0} |");
                }
            }
        }

        if (targets.Contains(Target.PurserKey) && targets.Contains(Target.PurserKeyLimited))
        {
            md.AppendLine();
            md.AppendLine("### Rate limits on the key ÷ no limits (the same gateway, one virtual key per row; median of per-round ratios)");
            md.AppendLine();
            md.AppendLine("`purser-key-rpm`: rpm + rpd; `purser-key-rl`: rpm + tpm + rpd; `purser-key-2`: no limits (A/A control: what the key's position in the round does).");
            md.AppendLine();
            md.AppendLine("| connections | key | req/s ratio | range over rounds | p50 ratio | range over rounds | added p50 ms | server CPU µs/req added |");
            md.AppendLine("|---:|---|---:|---:|---:|---:|---:|---:|");
            foreach (int c in info.Concurrency)
            {
                foreach (var (name, _) in Target.RateLimitKeys)
                {
                    var pairs = Pairs(records, c, name, Target.PurserKey);
                    if (pairs.Count == 0)
                    {
                        continue;
                    }

                    double[] rps = [.. pairs.Select(p => p.A.RequestsPerSecond / p.B.RequestsPerSecond)];
                    double[] p50 = [.. pairs.Select(p => (double)p.A.Wrk.P50Us / p.B.Wrk.P50Us)];
                    md.AppendLine(Inv, $"| {c} | {name} | {Stats.Median(rps):0.000} | {rps.Min():0.000}–{rps.Max():0.000} | {Stats.Median(p50):0.000} | {p50.Min():0.000}–{p50.Max():0.000} | {Stats.Median(pairs.Select(p => (p.A.Wrk.P50Us - p.B.Wrk.P50Us) / 1000.0)):0.000} | {Stats.Median(pairs.Select(p => p.A.ServerCpuUsPerRequest - p.B.ServerCpuUsPerRequest)):0} |");
                }
            }
        }

        var portkeyRatios = new Dictionary<int, double>();
        if (portkey)
        {
            md.AppendLine();
            md.AppendLine("### Purser ÷ Portkey requests per second (median of per-round ratios)");
            md.AppendLine();
            md.AppendLine("| connections | ratio | range over rounds |");
            md.AppendLine("|---:|---:|---:|");
            foreach (int c in info.Concurrency)
            {
                var pairs = Pairs(records, c, Target.Purser, Target.Portkey);
                if (pairs.Count == 0)
                {
                    continue;
                }

                double[] ratios = [.. pairs.Select(p => p.A.RequestsPerSecond / p.B.RequestsPerSecond)];
                portkeyRatios[c] = Stats.Median(ratios);
                md.AppendLine(Inv, $"| {c} | {portkeyRatios[c]:0.0}× | {ratios.Min():0.0}–{ratios.Max():0.0}× |");
            }
        }

        AppendMemory(md, "Memory of the processes in front of the upstream (resident set)", memory);

        md.AppendLine();
        md.AppendLine("### Against the spec's bars");
        md.AppendLine();
        md.AppendLine("| bar | measured | verdict |");
        md.AppendLine("|---|---:|---|");
        int lowest = info.Concurrency.Min();
        var single = Pairs(records, lowest, Target.Purser, Target.Direct);
        if (single.Count > 0)
        {
            double p50 = Stats.Median(single.Select(p => (p.A.Wrk.P50Us - p.B.Wrk.P50Us) / 1000.0));
            double p99 = Stats.Median(single.Select(p => (p.A.Wrk.P99Us - p.B.Wrk.P99Us) / 1000.0));
            md.AppendLine(Inv, $"| added latency at the median ≤ {AddedP50BarMs} ms ({lowest} connection) | {p50:0.000} ms | {Verdict(p50 <= AddedP50BarMs)} |");
            md.AppendLine(Inv, $"| added latency at p99 ≤ {AddedP99BarMs} ms ({lowest} connection) | {p99:0.000} ms | {Verdict(p99 <= AddedP99BarMs)} |");
        }

        if (portkeyRatios.Count > 0)
        {
            // Requests per second as capacity: judged where both gateways are saturated (16 connections or more);
            // at 1 connection the ratio is one of latencies, and the table above shows it.
            var loaded = portkeyRatios.Where(p => p.Key >= SaturatingConcurrency).ToList();
            var worst = (loaded.Count > 0 ? loaded : [.. portkeyRatios]).MinBy(p => p.Value);
            md.AppendLine(Inv, $"| ≥ {PortkeyRatioBar}× Portkey's requests/s (lowest of the levels with ≥ {SaturatingConcurrency} connections: {worst.Key}) | {worst.Value:0.0}× | {Verdict(worst.Value >= PortkeyRatioBar)} |");
        }
        else
        {
            md.AppendLine(Inv, $"| ≥ {PortkeyRatioBar}× Portkey's requests/s | not measured | — |");
        }

        if (memory.FirstOrDefault(m => m.Gateway == Target.Purser) is { HighWaterMarkKb: long hwm })
        {
            md.AppendLine(Inv, $"| memory under {MemoryBarMb} MB under that load (lifetime peak) | {Mb(hwm)} MB | {Verdict(hwm / 1024.0 < MemoryBarMb)} |");
        }

        return md.ToString();
    }

    /// <summary>The run's first lines: when, how, on what machine and how busy it was, which tree and software.</summary>
    public static void AppendHeader(StringBuilder md, RunInfo info, IReadOnlyList<RoundRecord> records)
    {
        md.AppendLine(Inv, $"Run of {info.StartedAt:yyyy-MM-dd HH:mm} UTC, {info.Mode} mode: {info.Rounds} interleaved rounds × {info.DurationSeconds} s per target and concurrency level, after {info.WarmupSeconds} s of discarded warm-up per target and level.");
        md.AppendLine();
        md.AppendLine(Inv, $"- Machine: {info.Cores} cores ({info.CpuModel}); load average {info.LoadAverageBefore} before, {info.LoadAverageAfter} after; other processes used a median {Stats.Median(records.Select(r => r.ForeignCpuPercent(info.Cores))):0} % of the cores during the measured runs.");
        md.AppendLine(Inv, $"- Measured tree: {info.Commit}.");
        md.AppendLine(Inv, $"- Software: {info.Runtime}; {info.Wrk}{(info.Node is null ? "" : $"; Node {info.Node}")}{(info.Portkey is null ? "" : $"; @portkey-ai/gateway {info.Portkey}")}.");
        if (info.PortkeySkippedBecause is { } why)
        {
            md.AppendLine(Inv, $"- Portkey not measured: {why}.");
        }
    }

    public static void AppendMemory(StringBuilder md, string title, IReadOnlyList<MemoryFigures> memory)
    {
        md.AppendLine();
        md.AppendLine(Inv, $"### {title}");
        md.AppendLine();
        md.AppendLine("| process | idle after start-up MB | peak sampled under measured load MB | lifetime peak (VmHWM) MB |");
        md.AppendLine("|---|---:|---:|---:|");
        foreach (MemoryFigures m in memory)
        {
            md.AppendLine(Inv, $"| {m.Gateway} | {Mb(m.IdleKb)} | {Mb(m.PeakUnderLoadKb)} | {Mb(m.HighWaterMarkKb)} |");
        }
    }

    public static string Csv(IReadOnlyList<RoundRecord> records, int cores)
    {
        var csv = new StringBuilder();
        csv.AppendLine("concurrency,round,position,target,requests,duration_s,rps,p50_us,p90_us,p99_us,p999_us,max_us,errors,server_cpu_s,server_cpu_us_per_req,upstream_cpu_s,wrk_cpu_s,foreign_cpu_pct,server_voluntary_switches_per_req");
        foreach (RoundRecord r in records)
        {
            csv.AppendLine(Inv, $"{r.Concurrency},{r.Round},{r.Position},{r.Target},{r.Wrk.Requests},{r.Wrk.DurationUs / 1e6:0.000},{r.RequestsPerSecond:0.0},{r.Wrk.P50Us},{r.Wrk.P90Us},{r.Wrk.P99Us},{r.Wrk.P999Us},{r.Wrk.MaxUs},{r.Wrk.Errors},{r.ServerCpuSeconds:0.00},{r.ServerCpuUsPerRequest:0.0},{r.UpstreamCpuSeconds:0.00},{r.LoadGeneratorCpuSeconds:0.00},{r.ForeignCpuPercent(cores):0.0},{r.SwitchesPerRequest:0.00}");
        }

        return csv.ToString();
    }

    /// <summary>The runs of targets <paramref name="a"/> and <paramref name="b"/> from the same round.</summary>
    internal static List<(RoundRecord A, RoundRecord B)> Pairs(IReadOnlyList<RoundRecord> records, int concurrency, string a, string b) =>
        [.. from x in records
            where x.Concurrency == concurrency && x.Target == a
            join y in records.Where(r => r.Concurrency == concurrency && r.Target == b) on x.Round equals y.Round
            select (x, y)];

    private static string Rps(double rps) => rps.ToString(rps >= 100 ? "#,0" : "0.0", Inv);

    private static string Ms(double us) => (us / 1000).ToString("0.000", Inv);

    private static string Mb(long? kb) => kb is long k ? (k / 1024.0).ToString("0", Inv) : "—";

    private static string Verdict(bool met) => met ? "met" : "**not met**";
}
