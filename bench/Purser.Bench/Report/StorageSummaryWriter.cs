using System.Globalization;
using System.Text;
using Purser.Bench.Load;

namespace Purser.Bench.Report;

/// <summary>
/// The report of a --storage run: every target's figures, PostgreSQL against SQLite within each round, the instances
/// sharing one database against one instance, and the ledger checks. Markdown tables, ready to paste into BENCHMARKS.md.
/// </summary>
internal static class StorageSummaryWriter
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Markdown(RunInfo info, BenchOptions options, IReadOnlyList<RoundRecord> records, IReadOnlyList<MemoryFigures> memory, IReadOnlyList<LedgerCheck> checks, string? database)
    {
        var md = new StringBuilder();
        SummaryWriter.AppendHeader(md, info, records);
        md.AppendLine("- Storage: SQLite in each gateway's home folder (WAL, synchronous=NORMAL: a commit is not flushed to disk).");
        if (database is not null)
        {
            md.AppendLine(Inv, $"- Database: {database}; one database per PostgreSQL target, the instances of a spread target share theirs.");
        }

        md.AppendLine();
        md.AppendLine("### Every target (medians over rounds; added latency over direct, median of per-round differences)");
        md.AppendLine();
        ScenarioSummaryWriter.AppendTargets(md, info.Concurrency, records);

        if (options.Storage.Contains(BenchOptions.SqliteStorage) && options.Storage.Contains(BenchOptions.PostgresStorage))
        {
            md.AppendLine();
            md.AppendLine("### PostgreSQL next to SQLite (one instance each, same configuration; median of per-round figures)");
            md.AppendLine();
            md.AppendLine("| connections | hard budget | SQLite req/s | PostgreSQL req/s | PG ÷ SQLite req/s | range | added p50 ms, SQLite → PG | added p99 ms, SQLite → PG | CPU µs/req, SQLite → PG |");
            md.AppendLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|");
            foreach (int c in info.Concurrency)
            {
                foreach (bool budget in (bool[])[false, true])
                {
                    string sqlite = Target.Stored(BenchOptions.SqliteStorage, budget);
                    string postgres = Target.Stored(BenchOptions.PostgresStorage, budget);
                    var pairs = SummaryWriter.Pairs(records, c, postgres, sqlite);
                    if (pairs.Count == 0)
                    {
                        continue;
                    }

                    double[] ratios = [.. pairs.Select(p => p.A.RequestsPerSecond / p.B.RequestsPerSecond)];
                    md.AppendLine(Inv, $"| {c} | {(budget ? "yes" : "no")} | {Rps(records, c, sqlite)} | {Rps(records, c, postgres)} | {Stats.Median(ratios):0.00} | {ratios.Min():0.00}–{ratios.Max():0.00} | {Added(records, c, sqlite, r => r.Wrk.P50Us)} → {Added(records, c, postgres, r => r.Wrk.P50Us)} | {Added(records, c, sqlite, r => r.Wrk.P99Us)} → {Added(records, c, postgres, r => r.Wrk.P99Us)} | {Cpu(records, c, sqlite)} → {Cpu(records, c, postgres)} |");
                }
            }
        }

        if (options.Instances > 1)
        {
            string scaled = Target.ScaledOut(options.Instances);
            string single = Target.Stored(BenchOptions.PostgresStorage, hardBudget: true);
            md.AppendLine();
            md.AppendLine(Inv, $"### {options.Instances} instances on one PostgreSQL database, hard budget (wrk: one thread per instance, connections divided evenly)");
            md.AppendLine();
            md.AppendLine("| connections | total req/s | range | one instance req/s | total ÷ one instance | p50 ms | p99 ms | CPU µs/req, all instances |");
            md.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (int c in info.Concurrency)
            {
                RoundRecord[] runs = [.. records.Where(r => r.Concurrency == c && r.Target == scaled)];
                if (runs.Length == 0)
                {
                    continue;
                }

                var pairs = SummaryWriter.Pairs(records, c, scaled, single);
                string ratio = pairs.Count == 0 ? "—" : Stats.Median(pairs.Select(p => p.A.RequestsPerSecond / p.B.RequestsPerSecond)).ToString("0.00", Inv);
                int used = c / options.Instances * options.Instances;
                md.AppendLine(Inv, $"| {c}{(used == c ? "" : $" ({used} used)")} | {Stats.Median(runs.Select(r => r.RequestsPerSecond)):#,0} | {runs.Min(r => r.RequestsPerSecond):#,0}–{runs.Max(r => r.RequestsPerSecond):#,0} | {Rps(records, c, single)} | {ratio} | {Stats.Median(runs.Select(r => (double)r.Wrk.P50Us)) / 1000:0.000} | {Stats.Median(runs.Select(r => (double)r.Wrk.P99Us)) / 1000:0.000} | {Cpu(records, c, scaled)} |");
            }
        }

        if (checks.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("### PostgreSQL ledgers after the run (probe, warm-up and measured runs)");
            md.AppendLine();
            md.AppendLine("Every 2xx answer must have its row; a load run that stops with calls in flight adds at most one uncounted row per connection (\"uncounted rows allowed\", summed over the runs). Holds left: budget still reserved after the checks waited up to 15 s for the calls in flight to finish (such a hold comes back only when its lease expires, and refuses room until then).");
            md.AppendLine();
            md.AppendLine("| target | 2xx answers | ledger rows | uncounted rows allowed | recorded spend USD | hard budget USD | budget counter USD | reserved left | holds left | verdict |");
            md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
            foreach (LedgerCheck check in checks)
            {
                string limit = check.LimitUsd is decimal l ? l.ToString("#,0.##", Inv) : "—";
                string spent = check.SpentPico is long s ? (s / 1_000_000_000_000m).ToString("0.0000000", Inv) : "—";
                string reserved = check.ReservedPico is long r ? (r / 1_000_000_000_000m).ToString("0.0000000", Inv) : "—";
                md.AppendLine(Inv, $"| {check.Target} | {check.Served:#,0} | {check.Rows:#,0} | ≤ {check.InFlight:#,0} | {check.CostUsd:0.0000000} | {limit} | {spent} | {reserved} | {check.Holds} | {(check.Passed ? "ok" : "**MISMATCH**")}{(check.HoldsLeft ? ", **holds left**" : "")} |");
            }
        }

        SummaryWriter.AppendMemory(md, "Memory (resident set; the first instance of a spread target)", memory);
        return md.ToString();
    }

    private static string Rps(IReadOnlyList<RoundRecord> records, int c, string target) =>
        Stats.Median(records.Where(r => r.Concurrency == c && r.Target == target).Select(r => r.RequestsPerSecond)).ToString("#,0", Inv);

    private static string Cpu(IReadOnlyList<RoundRecord> records, int c, string target) =>
        Stats.Median(records.Where(r => r.Concurrency == c && r.Target == target).Select(r => r.ServerCpuUsPerRequest)).ToString("#,0", Inv);

    private static string Added(IReadOnlyList<RoundRecord> records, int c, string target, Func<RoundRecord, long> latency) =>
        Stats.Median(SummaryWriter.Pairs(records, c, target, Target.Direct).Select(p => (latency(p.A) - latency(p.B)) / 1000.0)).ToString("0.000", Inv);
}
