using BenchmarkDotNet.Attributes;
using Purser.Ledger;
using Purser.Reports;
using Purser.Storage.Sqlite;

namespace Purser.MicroBenchmarks.Reports;

/// <summary>
/// Cost reports over a ledger of one million rows (spread over 90 days, 12 models, 8 projects, 6 operations,
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
        var ledger = new SqliteLedgerStore(database);
        _now = new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
        string[] models = ["gpt-4o", "gpt-4o-mini", "gpt-4.1", "o3", "claude-sonnet-4-5", "claude-haiku-4-5", "gemini-2.5-pro", "gemini-2.5-flash", "grok-4", "deepseek-chat", "mistral-large", "llama3"];
        string[] operations = ["chat", "code_review", "file_scoring", "debugging", "architecture", "qa"];
        string[] tags = ["ci", "nightly", "interactive"];
        var random = new Random(42);
        var batch = new List<LedgerEntry>(10_000);
        for (int i = 0; i < Rows; i++)
        {
            string model = models[random.Next(models.Length)];
            batch.Add(new LedgerEntry
            {
                RequestId = "req_" + i.ToString("x8", System.Globalization.CultureInfo.InvariantCulture),
                Timestamp = _now.AddSeconds(-random.Next(90 * 86_400)),
                Provider = "p" + (model.Length % 4),
                Model = model,
                Deployment = "p" + (model.Length % 4) + "/" + model,
                Project = "project-" + random.Next(8),
                Agent = "agent-" + random.Next(5),
                Operation = operations[random.Next(operations.Length)],
                Repository = "repo-" + random.Next(10),
                Tags = [tags[random.Next(tags.Length)]],
                InputTokens = random.Next(100, 20_000),
                OutputTokens = random.Next(10, 4_000),
                CostUsd = random.Next(1, 500_000) / 10_000_000m,
                Status = 200,
                Attempts = 1,
            });
            if (batch.Count == batch.Capacity)
            {
                ledger.AppendAsync(batch, CancellationToken.None).GetAwaiter().GetResult();
                batch.Clear();
            }
        }

        ledger.AppendAsync(batch, CancellationToken.None).GetAwaiter().GetResult();
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
