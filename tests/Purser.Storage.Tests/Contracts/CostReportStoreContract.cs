using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Purser.Ledger;
using Purser.Reports;
using Purser.Storage.Sqlite;
using Purser.Storage.Tests.Sqlite;
using Purser.Tests;

namespace Purser.Storage.Tests.Contracts;

/// <summary>The contract of the CostReport stores, run against SQLite and PostgreSQL.</summary>
public abstract class CostReportStoreContract : StoreContract
{
    private protected static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 34, 56, TimeSpan.Zero);

    [SkippableFact]
    public async Task QueryAsync_AnyRange_EqualsSumsTakenStraightFromTheLedgerRows()
    {
        using TestStorage temp = Open();
        var store = temp.Ledger();
        var random = new Random(7);
        string[] models = ["a/x", "a/y", "b/z"];
        for (int batch = 0; batch < 4; batch++)
        {
            var entries = new List<LedgerEntry>();
            for (int i = 0; i < 500; i++)
            {
                entries.Add(new LedgerEntry
                {
                    RequestId = $"r{batch}-{i}",
                    Timestamp = Now.AddMilliseconds(-random.NextInt64(5L * 86_400_000)),
                    Deployment = models[random.Next(3)],
                    Project = random.Next(3) == 0 ? null : "p" + random.Next(2),
                    Tags = random.Next(2) == 0 ? ["t1"] : ["t1", "t2"],
                    InputTokens = random.Next(1, 5000),
                    OutputTokens = random.Next(1, 900),
                    CostUsd = random.Next(5) == 0 ? null : random.Next(1, 1_000_000) / 100_000_000m,
                    Outcome = random.Next(10) == 0 ? "timeout" : "ok",
                    Status = 200,
                });
            }

            await store.AppendAsync(entries, CancellationToken.None);
        }

        var reports = temp.CostReports();
        for (int trial = 0; trial < 25; trial++)
        {
            DateTimeOffset until = Now.AddMilliseconds(-random.NextInt64(86_400_000));
            DateTimeOffset? since = trial % 5 == 0 ? null : until.AddMilliseconds(-random.NextInt64(3L * 86_400_000));
            var grouping = (ReportGrouping)(trial % 3 == 0 ? (int)ReportGrouping.Tag : trial % 3 == 1 ? (int)ReportGrouping.Model : (int)ReportGrouping.Project);

            CostReport report = await reports.QueryAsync(new CostQuery(since, until, grouping), CancellationToken.None);

            string where = $"ts_ms < {until.ToUnixTimeMilliseconds()}" + (since is { } s ? $" AND ts_ms >= {s.ToUnixTimeMilliseconds()}" : "");
            (long calls, long pico, long input) = Raw(temp, $"SELECT COUNT(*), COALESCE(SUM(cost_pico),0), COALESCE(SUM(input_tokens),0) FROM ledger WHERE {where}");
            report.Totals.Calls.ShouldBe(calls);
            report.Totals.KnownCostUsd.ShouldBe(pico / 1_000_000_000_000m);
            report.Totals.InputTokens.ShouldBe(input);
            report.Totals.UnknownCostCalls.ShouldBe(Raw(temp, $"SELECT COUNT(*), 0, 0 FROM ledger WHERE cost_pico IS NULL AND {where}").A);
            report.Totals.Errors.ShouldBe(Raw(temp, $"SELECT COUNT(*), 0, 0 FROM ledger WHERE outcome <> 'ok' AND {where}").A);
            foreach (CostGroup group in report.Groups)
            {
                string filter = grouping switch
                {
                    ReportGrouping.Tag => $"id IN (SELECT ledger_id FROM ledger_tags WHERE tag = '{group.Key}')",
                    ReportGrouping.Model => $"deployment = '{group.Key}'",
                    _ => group.Key == "(none)" ? "project IS NULL" : $"project = '{group.Key}'",
                };
                (long gCalls, long gPico, _) = Raw(temp, $"SELECT COUNT(*), COALESCE(SUM(cost_pico),0), 0 FROM ledger WHERE {filter} AND {where}");
                group.Totals.Calls.ShouldBe(gCalls, $"{grouping} {group.Key}");
                group.Totals.KnownCostUsd.ShouldBe(gPico / 1_000_000_000_000m);
            }

            report.Groups.Sum(g => g.Totals.Calls).ShouldBe(grouping == ReportGrouping.Tag
                ? Raw(temp, $"SELECT COUNT(*), 0, 0 FROM ledger_tags t JOIN ledger l ON l.id = t.ledger_id WHERE l.{where.Replace(" AND ts_ms", " AND l.ts_ms", StringComparison.Ordinal)}").A
                : calls);
        }
    }

    [SkippableFact]
    public async Task QueryAsync_ByDay_GroupsUtcDaysNewestFirst()
    {
        using TestStorage temp = Open();
        await temp.Ledger().AppendAsync(
        [
            new LedgerEntry { RequestId = "a", Timestamp = new DateTimeOffset(2026, 11, 21, 23, 59, 59, TimeSpan.Zero), CostUsd = 1m, Status = 200 },
            new LedgerEntry { RequestId = "b", Timestamp = new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero), CostUsd = 2m, Status = 200 },
            new LedgerEntry { RequestId = "c", Timestamp = new DateTimeOffset(2026, 11, 22, 12, 30, 0, TimeSpan.Zero), CostUsd = 4m, Status = 200 },
        ], CancellationToken.None);

        CostReport report = await temp.CostReports().QueryAsync(new CostQuery(null, Now, ReportGrouping.Day), CancellationToken.None);

        report.Groups.Select(g => (g.Key, g.Totals.CostUsd)).ShouldBe([("2026-11-22", 6m), ("2026-11-21", 1m)]);
    }

    private protected static (long A, long B, long C) Raw(TestStorage temp, string sql)
    {
        long[] row = temp.Row(sql);
        return (row[0], row[1], row[2]);
    }
}

public sealed class SqliteCostReportStoreTests : CostReportStoreContract
{
    private protected override TestStorage Open() => new SqliteTestStorage();

    // Only SQLite: these reach into the file with a connection of their own.
    [Fact]
    public async Task MigrationBackfill_ProducesTheSameRollupAsIncrementalWrites()
    {
        using var temp = new TempDatabase();
        await new SqliteLedgerStore(temp.Database).AppendAsync(
        [
            new LedgerEntry { RequestId = "a", Timestamp = Now, Deployment = "a/x", Tags = ["t"], InputTokens = 5, CostUsd = 0.5m, Status = 200 },
            new LedgerEntry { RequestId = "b", Timestamp = Now.AddHours(-3), Deployment = "a/x", Project = "p", InputTokens = 7, CostUsd = null, OutputTokens = 1, Outcome = "timeout", Status = 504 },
            new LedgerEntry { RequestId = "c", Timestamp = Now.AddMinutes(-1), Deployment = "b/y", Tags = ["t", "u"], CostUsd = 0.25m, CostEstimated = true, Status = 200 },
        ], CancellationToken.None);
        string incremental = Dump(temp);

        using (SqliteConnection connection = temp.Database.Open())
        {
            using SqliteCommand reset = connection.CreateCommand();
            string sql = LedgerRollup.MigrationSql;
            reset.CommandText = "DELETE FROM ledger_rollup;" + sql[sql.IndexOf("INSERT", StringComparison.Ordinal)..];
            reset.ExecuteNonQuery();
        }

        Dump(temp).ShouldBe(incremental);
    }

    [Fact]
    public async Task GroupCommittedBatches_OfRowsSharingRollupKeys_RollUpToExactlyTheSumsOfTheirLedgerRows()
    {
        using var temp = new TempDatabase();
        var store = new FirstBatchHeldStore(new SqliteLedgerStore(temp.Database));
        var entries = Enumerable.Range(0, 300).Select(i => new LedgerEntry
        {
            RequestId = "g" + i,
            Timestamp = Now.AddSeconds(-i), // one hour: every row shares the (dimension, key, hour) rows of its values
            Deployment = i % 3 == 0 ? "a/x" : "b/y",
            Project = i % 2 == 0 ? "p" : null,
            KeyId = "k",
            Tags = i % 5 == 0 ? ["t", "u"] : ["t"],
            InputTokens = 10 + i,
            OutputTokens = i % 7,
            CostUsd = i % 11 == 0 ? null : 0.000000123457m * (i + 1),
            Outcome = i % 13 == 0 ? "timeout" : "ok",
            Status = 200,
        }).ToList();

        await using (var writer = new LedgerWriter(store, new LedgerOptions { Durability = LedgerDurability.Strict }, NullLogger<LedgerWriter>.Instance))
        {
            Task first = writer.AppendAsync(entries[0]).AsTask();
            await store.Entered.Task.WaitAsync(TimeSpan.FromSeconds(10));
            Task[] rest = [.. entries.Skip(1).Select(e => Task.Run(() => writer.AppendAsync(e).AsTask()))];
            await WaitUntilAsync(() => writer.Pending >= rest.Length); // all queued behind the held batch (a probe may be queued too)
            store.Release();
            await Task.WhenAll(rest.Append(first)).WaitAsync(TimeSpan.FromSeconds(30));
            writer.Batches.ShouldBe(2); // the held row, then the 299 others in one transaction
        }

        string incremental = Dump(temp);
        using (SqliteConnection connection = temp.Database.Open())
        {
            using SqliteCommand total = connection.CreateCommand();
            total.CommandText = "SELECT calls, cost_pico FROM ledger_rollup WHERE dim = 'total'";
            using SqliteDataReader reader = total.ExecuteReader();
            reader.Read().ShouldBeTrue();
            reader.GetInt64(0).ShouldBe(300);
            (reader.GetInt64(1) / 1_000_000_000_000m).ShouldBe(entries.Sum(e => e.CostUsd ?? 0m));
        }

        using (SqliteConnection connection = temp.Database.Open())
        {
            using SqliteCommand reset = connection.CreateCommand();
            string sql = LedgerRollup.MigrationSql;
            reset.CommandText = "DELETE FROM ledger_rollup;" + sql[sql.IndexOf("INSERT", StringComparison.Ordinal)..];
            reset.ExecuteNonQuery();
        }

        Dump(temp).ShouldBe(incremental); // every rollup row equals the sums over its ledger rows
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(5, timeout.Token);
        }
    }

    /// <summary>Holds the first batch until <see cref="Release"/>, so the rows appended meanwhile commit together.</summary>
    private sealed class FirstBatchHeldStore(SqliteLedgerStore inner) : ILedgerStore
    {
        private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _calls;

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release() => _gate.TrySetResult();

        public async Task AppendAsync(IReadOnlyList<LedgerEntry> entries, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _calls) == 1)
            {
                Entered.TrySetResult();
                await _gate.Task;
            }

            await inner.AppendAsync(entries, cancellationToken);
        }

        public ValueTask<string?> CheckIdentityAsync(CancellationToken cancellationToken) => inner.CheckIdentityAsync(cancellationToken);
    }

    private static string Dump(TempDatabase temp)
    {
        using SqliteConnection connection = temp.Database.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = $"SELECT dim, key, hour_ms, {LedgerRollup.Columns} FROM ledger_rollup ORDER BY dim, key, hour_ms";
        using SqliteDataReader reader = command.ExecuteReader();
        var sb = new System.Text.StringBuilder();
        while (reader.Read())
        {
            for (int i = 0; i < reader.FieldCount; i++)
            {
                sb.Append(reader.GetValue(i)).Append('|');
            }

            sb.AppendLine();
        }

        return sb.ToString();
    }
}

public sealed class PostgresCostReportStoreTests : CostReportStoreContract
{
    private protected override TestStorage Open() => PostgresTestStorage.Open();
}
