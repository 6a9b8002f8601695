using System.Text;
using Microsoft.Data.Sqlite;
using Purser.Caching;
using Purser.Ledger;
using Purser.Reports;
using Purser.Storage.Sqlite;
using Purser.Storage.Tests.Sqlite;
using Purser.Tests;
using Purser.Usage;

namespace Purser.Storage.Tests.Contracts;

/// <summary>The contract of the Cache stores, run against SQLite and PostgreSQL.</summary>
public abstract class CacheStoreContract : StoreContract
{
    private protected static readonly DateTimeOffset T0 = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    private protected static CacheEntry Entry(byte id, string operation = "chat", DateTimeOffset? created = null, TimeSpan? ttl = null, decimal? cost = 0.00115m) => new()
    {
        Key = CacheKey.FromBytes(Enumerable.Repeat(id, CacheKey.Length).ToArray()),
        Partition = "global",
        Operation = operation,
        Provider = "up",
        Model = "fake-model",
        CreatedAt = created ?? T0,
        ExpiresAt = (created ?? T0) + (ttl ?? TimeSpan.FromHours(1)),
        Response = Encoding.UTF8.GetBytes("""{"id":"x","content":[{"type":"text","text":"héllo"}]}"""),
        Usage = new TokenUsage(120, 40, 20, 5, 10, isEstimated: true),
        CostUsd = cost,
        FromStream = true,
    };

    [SkippableFact]
    public async Task WriteAndGet_RoundTripEveryField()
    {
        using TestStorage temp = Open();
        var store = temp.Cache();
        CacheEntry written = Entry(1);

        await store.WriteAsync([written], CancellationToken.None);
        CacheEntry? read = await store.GetAsync(written.Key, CancellationToken.None);

        read.ShouldNotBeNull();
        read.Key.ShouldBe(written.Key);
        read.Operation.ShouldBe("chat");
        read.Provider.ShouldBe("up");
        read.Model.ShouldBe("fake-model");
        read.CreatedAt.ShouldBe(written.CreatedAt);
        read.ExpiresAt.ShouldBe(written.ExpiresAt);
        read.Response.ShouldBe(written.Response);
        read.Usage.ShouldBe(written.Usage);
        read.CostUsd.ShouldBe(0.00115m);
        read.FromStream.ShouldBeTrue();
        (await store.GetAsync(Entry(2).Key, CancellationToken.None)).ShouldBeNull();
    }

    [SkippableFact]
    public async Task Write_SameKeyAgain_Replaces()
    {
        using TestStorage temp = Open();
        var store = temp.Cache();

        await store.WriteAsync([Entry(1, cost: 1m)], CancellationToken.None);
        await store.WriteAsync([Entry(1, cost: null)], CancellationToken.None);

        (await store.GetAsync(Entry(1).Key, CancellationToken.None))!.CostUsd.ShouldBeNull();
        (await store.LoadIndexAsync(T0, CancellationToken.None)).Count.ShouldBe(1);
    }

    [SkippableFact]
    public async Task LoadIndexAndDeleteExpired_SkipAndRemoveWhatExpired()
    {
        using TestStorage temp = Open();
        var store = temp.Cache();
        await store.WriteAsync([Entry(1, ttl: TimeSpan.FromMinutes(5)), Entry(2, ttl: TimeSpan.FromDays(1))], CancellationToken.None);

        IReadOnlyList<CacheIndexEntry> index = await store.LoadIndexAsync(T0.AddMinutes(10), CancellationToken.None);
        int removed = await store.DeleteExpiredAsync(T0.AddMinutes(10), CancellationToken.None);

        index.ShouldHaveSingleItem().Key.ShouldBe(Entry(2).Key);
        index[0].ExpiresAt.ShouldBe(T0.AddDays(1));
        removed.ShouldBe(1);
        (await store.GetAsync(Entry(1).Key, CancellationToken.None)).ShouldBeNull();
    }

    [SkippableFact]
    public async Task Clear_ByOperationAndAge_ReturnsTheRemovedKeys()
    {
        using TestStorage temp = Open();
        var store = temp.Cache();
        await store.WriteAsync(
        [
            Entry(1, "debug", T0.AddDays(-3)),
            Entry(2, "debug", T0),
            Entry(3, "code_review", T0.AddDays(-3)),
        ], CancellationToken.None);

        IReadOnlyList<CacheKey> oldDebug = await store.ClearAsync(new CacheClearFilter { Operation = "debug", CreatedBefore = T0.AddDays(-1) }, CancellationToken.None);
        IReadOnlyList<CacheKey> rest = await store.ClearAsync(CacheClearFilter.All, CancellationToken.None);

        oldDebug.ShouldBe([Entry(1).Key]);
        rest.Count.ShouldBe(2);
    }

    [SkippableFact]
    public async Task Stats_CountLedgerOutcomesAndLiveEntriesByOperation()
    {
        using TestStorage temp = Open();
        var store = temp.Cache();
        await store.WriteAsync([Entry(1, "debug"), Entry(2, "debug"), Entry(3, "chat", ttl: TimeSpan.FromSeconds(1))], CancellationToken.None);
        await temp.Ledger().AppendAsync(
        [
            Row("a", "debug", "miss"),
            Row("b", "debug", "hit", saved: 0.00115m, savedTokens: 160),
            Row("c", "debug", "hit", saved: 0.00115m, savedTokens: 160),
            Row("d", "chat", "bypass"),
            Row("e", "chat", null),
            Row("f", "debug", "hit", saved: 1m, savedTokens: 1, at: T0.AddDays(-10)),
        ], CancellationToken.None);

        IReadOnlyList<CacheOperationStats> week = await store.StatsAsync(T0.AddDays(-7), T0.AddMinutes(1), CancellationToken.None);

        CacheOperationStats debug = week.Single(s => s.Operation == "debug");
        debug.Hits.ShouldBe(2);
        debug.Misses.ShouldBe(1);
        debug.HitRate!.Value.ShouldBe(2 / 3.0, 1e-9);
        debug.SavedUsd.ShouldBe(0.0023m);
        debug.TokensSaved.ShouldBe(320);
        debug.Entries.ShouldBe(2);
        debug.Bytes.ShouldBe(2 * Entry(1).Bytes);
        CacheOperationStats chat = week.Single(s => s.Operation == "chat");
        chat.Bypassed.ShouldBe(1);
        chat.Entries.ShouldBe(0); // expired
        chat.HitRate.ShouldBeNull();

        IReadOnlyList<CacheOperationStats> all = await store.StatsAsync(null, T0.AddMinutes(1), CancellationToken.None);
        all.Single(s => s.Operation == "debug").Hits.ShouldBe(3);
    }

    private protected static LedgerEntry Row(string id, string operation, string? cacheStatus, decimal? saved = null, long savedTokens = 0, DateTimeOffset? at = null) => new()
    {
        Timestamp = at ?? T0,
        RequestId = id,
        Operation = operation,
        CostUsd = cacheStatus == "hit" ? 0m : 0.001m,
        CacheHit = cacheStatus == "hit",
        CacheOutcome = cacheStatus,
        SavedUsd = saved,
        CacheSavedTokens = savedTokens,
        Status = 200,
    };
}

public sealed class SqliteCacheStoreTests : CacheStoreContract
{
    private protected override TestStorage Open() => new SqliteTestStorage();

    // Only SQLite: these reach into the file with a connection of their own.
    [Fact]
    public async Task LedgerRow_CacheColumns_AreStoredAndSavedTokensReported()
    {
        using var temp = new TempDatabase();
        await new SqliteLedgerStore(temp.Database).AppendAsync([Row("a", "chat", "hit", saved: 0.5m, savedTokens: 77)], CancellationToken.None);

        CostReport report = await new SqliteCostReportStore(temp.Database).QueryAsync(new CostQuery(null, T0.AddDays(1)), CancellationToken.None);
        using SqliteConnection connection = temp.Database.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT cache_status, cache_saved_tokens FROM ledger;";
        using SqliteDataReader reader = command.ExecuteReader();
        reader.Read();

        reader.GetString(0).ShouldBe("hit");
        reader.GetInt64(1).ShouldBe(77);
        report.Totals.CacheSavedTokens.ShouldBe(77);
        report.Totals.SavedUsd.ShouldBe(0.5m);
        report.Totals.CacheHits.ShouldBe(1);
    }
}

public sealed class PostgresCacheStoreTests : CacheStoreContract
{
    private protected override TestStorage Open() => PostgresTestStorage.Open();
}
