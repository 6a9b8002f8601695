using Microsoft.Data.Sqlite;
using Purser.Calls;
using Purser.Ledger;
using Purser.Storage.Sqlite;

namespace Purser.Storage.Tests.Sqlite;

public sealed class SqliteCallStoreTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 34, 56, TimeSpan.Zero);

    [Fact]
    public async Task ListAsync_EachFilter_ReturnsExactlyTheMatchingRowsNewestFirst()
    {
        using var temp = new TempDatabase();
        await SeedAsync(temp, 1200);
        var store = new SqliteCallStore(temp.Database);
        (CallFilter Filter, string Where)[] cases =
        [
            (new CallFilter(), "1 = 1"),
            (new CallFilter { Model = "m1" }, "model = 'm1'"),
            (new CallFilter { Model = "pb/m2" }, "deployment = 'pb/m2'"),
            (new CallFilter { Provider = "pa" }, "provider = 'pa'"),
            (new CallFilter { Project = "p1" }, "project = 'p1'"),
            (new CallFilter { Agent = "a2" }, "agent = 'a2'"),
            (new CallFilter { Key = "k3" }, "key_id = 'k3'"),
            (new CallFilter { Status = "ok" }, "outcome = 'ok'"),
            (new CallFilter { Status = "error" }, "outcome <> 'ok'"),
            (new CallFilter { Status = "timeout" }, "outcome = 'timeout'"),
            (new CallFilter { Route = "alias:cheap" }, "route = 'alias:cheap'"),
            (new CallFilter { Cache = "hit" }, "cache_status = 'hit'"),
            (new CallFilter { Cache = "none" }, "cache_status IS NULL"),
            (new CallFilter { Since = Now.AddHours(-30), Until = Now.AddHours(-6) }, $"ts_ms >= {Now.AddHours(-30).ToUnixTimeMilliseconds()} AND ts_ms < {Now.AddHours(-6).ToUnixTimeMilliseconds()}"),
            (new CallFilter { Provider = "pb", Status = "error", Cache = "miss" }, "provider = 'pb' AND outcome <> 'ok' AND cache_status = 'miss'"),
        ];

        foreach (var (filter, where) in cases)
        {
            List<string> expected = Ids(temp, $"SELECT request_id FROM ledger WHERE {where} ORDER BY ts_ms DESC, id DESC");
            expected.Count.ShouldBeGreaterThan(0, where);

            // Every page, cursor to cursor: together exactly the matching rows, in order, none twice.
            var seen = new List<string>();
            CallCursor? after = null;
            for (int page = 0; page < 100; page++)
            {
                CallPage result = await store.ListAsync(new CallQuery(filter, 37, after), CancellationToken.None);
                seen.AddRange(result.Calls.Select(c => c.RequestId));
                if (result.Next is null)
                {
                    break;
                }

                CallCursor.TryParse(result.Next, out CallCursor next).ShouldBeTrue();
                after = next;
            }

            seen.ShouldBe(expected, where);
        }
    }

    [Fact]
    public async Task ListAsync_LatestId_ChangesWhenACallIsRecorded()
    {
        using var temp = new TempDatabase();
        var ledger = new SqliteLedgerStore(temp.Database);
        var store = new SqliteCallStore(temp.Database);
        (await store.LatestIdAsync(CancellationToken.None)).ShouldBe(0);
        await ledger.AppendAsync([new LedgerEntry { RequestId = "r1", Timestamp = Now, Status = 200 }], CancellationToken.None);
        long first = await store.LatestIdAsync(CancellationToken.None);
        await ledger.AppendAsync([new LedgerEntry { RequestId = "r2", Timestamp = Now, Status = 200 }], CancellationToken.None);

        (await store.LatestIdAsync(CancellationToken.None)).ShouldBeGreaterThan(first);
        (await store.ListAsync(new CallQuery(new CallFilter()), CancellationToken.None)).LatestId.ShouldBe(await store.LatestIdAsync(CancellationToken.None));
    }

    [Fact]
    public async Task GetAsync_ReturnsTheRowAsWrittenWithEveryAttempt()
    {
        using var temp = new TempDatabase();
        var ledger = new SqliteLedgerStore(temp.Database);
        var entry = new LedgerEntry
        {
            RequestId = "req_detail",
            Timestamp = Now,
            KeyId = "k1",
            User = "ann",
            Project = "alpha",
            Agent = "bot",
            Operation = "code_review",
            Repository = "repo",
            Tags = new[] { "ci", "nightly" },
            RequestedModel = "smart",
            Provider = "pb",
            Model = "m2",
            Deployment = "pb/m2",
            InputTokens = 1200,
            CachedInputTokens = 200,
            CacheWriteTokens = 100,
            OutputTokens = 300,
            ReasoningTokens = 50,
            CostUsd = 0.0125m,
            LatencyMs = 812.5,
            TimeToFirstTokenMs = 120,
            Status = 200,
            Attempts = 2,
            CacheOutcome = "miss",
            Stream = true,
            Protocol = "openai",
            Route = "alias:smart",
            RouteReason = "alias smart → pa/m1, pb/m2",
            BudgetTier = "cheap",
            Guard = "redact; 1 openai_key in messages[0]",
            AttemptDetails = new List<LedgerAttempt>
            {
                new(1, "pa/m1", Now, 30.5, "rate_limited", 429, 0, 0, 0, 0, 0, null),
                new(2, "pb/m2", Now.AddMilliseconds(40), 780, "ok", null, 1200, 200, 100, 300, 50, 0.0125m),
            },
        };
        await ledger.AppendAsync([entry], CancellationToken.None);

        LedgerEntry? call = await new SqliteCallStore(temp.Database).GetAsync("req_detail", CancellationToken.None);

        call.ShouldNotBeNull();
        call.ShouldBeEquivalentTo(entry);
        (await new SqliteCallStore(temp.Database).GetAsync("req_missing", CancellationToken.None)).ShouldBeNull();
    }

    /// <summary>Rows over two days with every filter dimension varied, including failures, cache states and routes.</summary>
    internal static async Task SeedAsync(TempDatabase temp, int rows)
    {
        var ledger = new SqliteLedgerStore(temp.Database);
        var random = new Random(11);
        string[] outcomes = ["ok", "ok", "ok", "ok", "timeout", "rate_limited", "budget_exceeded"];
        string?[] caches = ["hit", "miss", "miss", "bypass", null];
        var batch = new List<LedgerEntry>();
        for (int i = 0; i < rows; i++)
        {
            string provider = random.Next(2) == 0 ? "pa" : "pb";
            string model = "m" + random.Next(3);
            string? cache = caches[random.Next(caches.Length)];
            batch.Add(new LedgerEntry
            {
                RequestId = $"req_{i:D5}",
                // Some rows share a millisecond, so paging must break ties by id.
                Timestamp = Now.AddMilliseconds(-random.NextInt64(2L * 86_400_000) / 1000 * 1000),
                Provider = provider,
                Model = model,
                Deployment = provider + "/" + model,
                Project = random.Next(4) == 0 ? null : "p" + random.Next(3),
                Agent = "a" + random.Next(3),
                KeyId = random.Next(3) == 0 ? null : "k" + random.Next(5),
                Operation = random.Next(2) == 0 ? "chat" : "code_review",
                Outcome = outcomes[random.Next(outcomes.Length)],
                Status = 200,
                CacheOutcome = cache,
                CacheHit = cache == "hit",
                SavedUsd = cache == "hit" ? random.Next(1, 1000) / 100_000m : null,
                CacheSavedTokens = cache == "hit" ? random.Next(1, 500) : 0,
                Route = random.Next(3) == 0 ? "alias:cheap" : "explicit",
                InputTokens = random.Next(1, 4000),
                OutputTokens = random.Next(1, 800),
                CostUsd = cache == "hit" ? 0 : random.Next(1, 1_000_000) / 100_000_000m,
                Tags = random.Next(2) == 0 ? ["t1"] : [],
            });
            if (batch.Count == 250)
            {
                await ledger.AppendAsync(batch, CancellationToken.None);
                batch.Clear();
            }
        }

        await ledger.AppendAsync(batch, CancellationToken.None);
    }

    private static List<string> Ids(TempDatabase temp, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={temp.Database.Path}");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        using SqliteDataReader reader = command.ExecuteReader();
        var ids = new List<string>();
        while (reader.Read())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }
}
