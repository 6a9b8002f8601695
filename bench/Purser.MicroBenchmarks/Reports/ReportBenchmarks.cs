using BenchmarkDotNet.Attributes;
using Purser.Reports;
using Purser.Storage.Sqlite;

namespace Purser.MicroBenchmarks.Reports;

/// <summary>
/// Cost reports over a ledger of one million rows (<see cref="LedgerSeed"/>: 90 days, 12 models, 8 projects, 6 operations,
/// 3 tags): what `purser costs` and GET /api/costs run. Seeding takes a minute or two, once.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 7)]
[MemoryDiagnoser]
public class ReportBenchmarks
{
    private const int Rows = 1_000_000;
    private string _folder = "";
    private CostReporter _reporter = null!;
    private SqliteCostReportStore _store = null!;
    private DateTimeOffset _now;

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "purser-report-bench-" + Guid.NewGuid().ToString("N"));
        var database = new SqliteDatabase(Path.Combine(_folder, "purser.db"));
        _now = new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
        LedgerSeed.Append(database, Rows, _now);
        _store = new SqliteCostReportStore(database);
        _reporter = new CostReporter(_store, new FixedClock(_now));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>`purser costs` default: four period totals + 7 days by model + 20 recent.</summary>
    [Benchmark]
    public Task<CostSummary> Summary7dByModel() => _reporter.SummaryAsync("7d", ReportGrouping.Model, 20, CancellationToken.None);

    [Benchmark]
    public Task<CostSummary> SummaryAllByProject() => _reporter.SummaryAsync("all", ReportGrouping.Project, 0, CancellationToken.None);

    [Benchmark]
    public Task<CostReport> AllTimeByTag() => _store.QueryAsync(new CostQuery(null, _now.AddSeconds(1), ReportGrouping.Tag), CancellationToken.None);

    [Benchmark]
    public Task<CostReport> Last30dByDay() => _store.QueryAsync(new CostQuery(_now.AddDays(-30), _now.AddSeconds(1), ReportGrouping.Day), CancellationToken.None);

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
