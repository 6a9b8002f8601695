using Microsoft.Data.Sqlite;
using Purser.Alerts;
using Purser.Budgets;
using Purser.Keys;
using Purser.Ledger;
using Purser.Storage.Sqlite;
using Purser.Storage.Tests.Sqlite;
using Purser.Tests;

namespace Purser.Storage.Tests.Contracts;

/// <summary>The contract of the BudgetStores stores, run against SQLite and PostgreSQL.</summary>
public abstract class BudgetStoresContract : StoreContract
{
    private protected static readonly DateTimeOffset Day = new(2026, 11, 22, 0, 0, 0, TimeSpan.Zero);

    private protected static LedgerEntry Row(string id, DateTimeOffset at, decimal? cost, string? project = null, string? key = null, string? user = null, string? agent = null, string[]? tags = null, long tokens = 100, bool cacheHit = false) => new()
    {
        RequestId = id,
        Timestamp = at,
        CostUsd = cost,
        Project = project,
        KeyId = key,
        User = user,
        Agent = agent,
        Tags = tags ?? [],
        InputTokens = tokens / 2,
        OutputTokens = tokens - (tokens / 2),
        CacheHit = cacheHit,
        Status = 200,
    };

    [SkippableFact]
    public async Task SpendByValue_SumsTheWindowPerScopeValueExactly()
    {
        using TestStorage temp = Open();
        await temp.Ledger().AppendAsync(
        [
            Row("a", Day.AddHours(1), 0.0125m, project: "alpha", tags: ["ci"]),
            Row("b", Day.AddHours(2), 0.000000075m, project: "alpha", tags: ["ci", "nightly"]),
            Row("c", Day.AddHours(3), 1m, project: "beta", key: "0123456789ab"),
            Row("d", Day.AddDays(-1), 7m, project: "alpha"),
            Row("e", Day.AddDays(1), 9m, project: "alpha"),
            Row("f", Day.AddHours(4), null, project: "alpha"),
        ], CancellationToken.None);
        var store = temp.BudgetSpend();
        DateTimeOffset end = Day.AddDays(1);

        store.SpendByValue(new BudgetDefinition { Name = "g", Limit = 1 }, Day, end).ShouldBe(new Dictionary<string, long> { [""] = 1_012_500_075_000 });
        store.SpendByValue(new BudgetDefinition { Name = "p", Scope = BudgetScope.Project, Match = "alpha", Limit = 1 }, Day, end)
            .ShouldBe(new Dictionary<string, long> { ["alpha"] = 12_500_075_000 });
        store.SpendByValue(new BudgetDefinition { Name = "pp", Scope = BudgetScope.Project, Match = "*", Limit = 1 }, Day, end)
            .ShouldBe(new Dictionary<string, long> { ["alpha"] = 12_500_075_000, ["beta"] = 1_000_000_000_000 }, ignoreOrder: true);
        store.SpendByValue(new BudgetDefinition { Name = "t", Scope = BudgetScope.Tag, Match = "*", Limit = 1 }, Day, end)
            .ShouldBe(new Dictionary<string, long> { ["ci"] = 12_500_075_000, ["nightly"] = 75_000 }, ignoreOrder: true);
        store.SpendByValue(new BudgetDefinition { Name = "k", Scope = BudgetScope.Key, Match = "0123456789ab", Limit = 1 }, Day, end)
            .ShouldBe(new Dictionary<string, long> { ["0123456789ab"] = 1_000_000_000_000 });
        store.SpendByValue(new BudgetDefinition { Name = "all", Window = BudgetWindow.Total, Limit = 100 }, DateTimeOffset.UnixEpoch, null)[""].ShouldBe(17_012_500_075_000);
    }

    [SkippableFact]
    public async Task SpendByValue_Tokens_LeaveOutCacheHits()
    {
        using TestStorage temp = Open();
        await temp.Ledger().AppendAsync(
        [
            Row("a", Day.AddHours(1), 0.01m, user: "ann", tokens: 1500),
            Row("b", Day.AddHours(2), 0m, user: "ann", tokens: 1500, cacheHit: true),
            Row("c", Day.AddHours(3), 0.01m, user: "bob", tokens: 700),
        ], CancellationToken.None);

        var spend = temp.BudgetSpend().SpendByValue(
            new BudgetDefinition { Name = "u", Scope = BudgetScope.User, Match = "*", Unit = BudgetUnit.Tokens, Limit = 10_000 }, Day, Day.AddDays(1));

        spend.ShouldBe(new Dictionary<string, long> { ["ann"] = 1500, ["bob"] = 700 });
    }

    [SkippableFact]
    public void AlertStore_OneRowPerBudgetValueWindowAndLevel()
    {
        using TestStorage temp = Open();
        var store = temp.Alerts();
        BudgetAlert alert = new() { Budget = "daily", Level = 80, WindowStart = Day, Spent = 4.0000001m, Limit = 5, Percent = 80, Message = "m", Timestamp = Day.AddHours(3) };

        store.Append([alert, alert with { Level = 90 }]);
        store.Append([alert]);
        store.Append([alert with { WindowStart = Day.AddDays(1) }]);

        store.List(null, 10).Count.ShouldBe(3);
        store.List("daily", 1).Single().WindowStart.ShouldBe(Day.AddDays(1));
        store.List(null, 10).Last().Spent.ShouldBe(4.0000001m);
        store.FiredLevels("daily", Day)[""].ShouldBe(new HashSet<int> { 80, 90 });
        store.FiredLevels("other", Day).ShouldBeEmpty();
    }

    [SkippableFact]
    public void BudgetStore_RoundTripsDefinitions()
    {
        using TestStorage temp = Open();
        var store = temp.Budgets(new ManualTimeProvider());

        store.Upsert("a", new BudgetItemOptions { Scope = "project", Match = "alpha", Limit = 2.5m, Alerts = [50, 100], CheapBelow = "30%" });
        store.Upsert("a", new BudgetItemOptions { Scope = "project", Match = "alpha", Limit = 3m });
        store.Upsert("b", new BudgetItemOptions { Plan = "pro" });

        var items = store.List();
        items.Select(i => i.Key).ShouldBe(["a", "b"]);
        items[0].Value.Limit.ShouldBe(3m);
        items[0].Value.CheapBelow.ShouldBeNull();
        items[1].Value.Plan.ShouldBe("pro");
        store.Delete("a").ShouldBeTrue();
        store.Delete("a").ShouldBeFalse();
    }

    [SkippableFact]
    public void KeyStore_KeepsAKeysRateLimitsRepositoryAndModel_AndNoneWhenItHasNone()
    {
        using TestStorage db = Open();
        IKeyStore store = db.Keys();
        var registry = new KeyRegistry(store, new ManualTimeProvider());

        CreatedKey limited = registry.Create(new NewKey { Name = "limited", Limits = new Purser.RateLimits.RateLimit { Rpm = 60, Tpm = 100_000, Tpd = 5_000_000 }, Repository = "acme/api", Model = "gpt-4o" });
        CreatedKey free = registry.Create(new NewKey { Name = "free" });

        VirtualKey stored = store.List().Single(k => k.Id == limited.Key.Id);
        (stored.Limits.Rpm, stored.Limits.Tpm, stored.Limits.Rpd, stored.Limits.Tpd).ShouldBe((60L, 100_000L, (long?)null, 5_000_000L));
        (stored.Repository, stored.Model).ShouldBe(("acme/api", "gpt-4o"));
        VirtualKey plain = store.List().Single(k => k.Id == free.Key.Id);
        plain.Limits.IsSet.ShouldBeFalse();
        (plain.Repository, plain.Model).ShouldBe((null, null));
    }
}

public sealed class SqliteBudgetStoresTests : BudgetStoresContract
{
    private protected override TestStorage Open() => new SqliteTestStorage();

    // Only SQLite: these reach into the file with a connection of their own.
    [Fact]
    public void KeyStore_KeepsTheHashOnly_AndRevokesOnce()
    {
        using var temp = new TempDatabase();
        var store = new SqliteKeyStore(temp.Database);
        var registry = new KeyRegistry(store, new ManualTimeProvider());

        CreatedKey created = registry.Create(new NewKey { Name = "ci", Project = "alpha", Tags = ["ci", "nightly"], Models = ["openai/*"] });

        using (var connection = new SqliteConnection($"Data Source={temp.Database.Path}"))
        {
            connection.Open();
            using SqliteCommand dump = connection.CreateCommand();
            dump.CommandText = "SELECT * FROM virtual_keys;";
            using SqliteDataReader reader = dump.ExecuteReader();
            reader.Read().ShouldBeTrue();
            for (int i = 0; i < reader.FieldCount; i++)
            {
                string text = reader.IsDBNull(i) ? "" : reader.GetValue(i) is byte[] bytes ? System.Text.Encoding.Latin1.GetString(bytes) : reader.GetValue(i).ToString()!;
                text.ShouldNotContain(created.Secret[^20..]);
            }
        }

        VirtualKey stored = store.List().Single();
        (stored.Name, stored.Project).ShouldBe(("ci", "alpha"));
        stored.Tags.ShouldBe(["ci", "nightly"]);
        stored.Models.ShouldBe(["openai/*"]);
        new KeyRegistry(store, new ManualTimeProvider()).Check(created.Secret).Outcome.ShouldBe(KeyCheckOutcome.Valid);
        store.Revoke(created.Key.Id, Day).ShouldBeTrue();
        store.Revoke(created.Key.Id, Day).ShouldBeFalse();
        new KeyRegistry(store, new ManualTimeProvider()).Check(created.Secret).Outcome.ShouldBe(KeyCheckOutcome.Revoked);
    }
}

public sealed class PostgresBudgetStoresTests : BudgetStoresContract
{
    private protected override TestStorage Open() => PostgresTestStorage.Open();
}
