using Purser.Ledger;
using Purser.Sessions;
using Purser.Tests;

namespace Purser.Storage.Tests.Contracts;

/// <summary>The contract of the session stores (<c>purser run</c>), run against SQLite and PostgreSQL.</summary>
public abstract class SessionStoreContract : StoreContract
{
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    [SkippableFact]
    public void InsertFindEnd_RoundTripsEveryField_AndEndsOnce()
    {
        using TestStorage db = Open();
        ISessionStore store = db.Sessions();
        store.Insert(new SessionRecord
        {
            Id = "key_s1", Agent = "claude", Command = "claude -p hi", Repository = "acme/api", Project = "api",
            Tags = ["ci", "night"], Model = "gpt-4o", BudgetUsd = 1.000000000001m, BudgetTokens = 50_000, StartedAt = Start,
        });
        store.Insert(new SessionRecord { Id = "key_s2", Agent = "codex", StartedAt = Start.AddMinutes(5) });

        SessionRecord read = store.Find("key_s1").ShouldNotBeNull();
        (read.Agent, read.Command, read.Repository, read.Project, read.Model).ShouldBe(("claude", "claude -p hi", "acme/api", "api", "gpt-4o"));
        read.Tags.ShouldBe(["ci", "night"]);
        (read.BudgetUsd, read.BudgetTokens, read.StartedAt, read.EndedAt, read.ExitCode).ShouldBe((1.000000000001m, 50_000L, Start, (DateTimeOffset?)null, (int?)null));
        SessionRecord bare = store.Find("key_s2").ShouldNotBeNull();
        (bare.Command, bare.BudgetUsd, bare.BudgetTokens, bare.Tags.Count).ShouldBe((null, null, null, 0));
        store.Find("key_none").ShouldBeNull();

        store.End("key_s1", Start.AddMinutes(30), 3).ShouldBeTrue();
        store.End("key_s1", Start.AddMinutes(31), 0).ShouldBeFalse();
        store.End("key_none", Start, 0).ShouldBeFalse();
        SessionRecord ended = store.Find("key_s1").ShouldNotBeNull();
        (ended.EndedAt, ended.ExitCode).ShouldBe((Start.AddMinutes(30), 3));

        store.List(10).Select(s => s.Id).ShouldBe(["key_s2", "key_s1"]);
        store.List(1).Select(s => s.Id).ShouldBe(["key_s2"]);
    }

    [SkippableFact]
    public async Task Figures_SumTheLedgerRowsOfTheSessionsKey_PerModel()
    {
        using TestStorage db = Open();
        ISessionStore store = db.Sessions();
        ILedgerStore ledger = db.Ledger();
        await ledger.AppendAsync(
        [
            Row("a", "key_s", "openai/gpt-4o", 0.25m, input: 1000, output: 200),
            Row("b", "key_s", "openai/gpt-4o", 0.5m, input: 2000, output: 300, cached: 500),
            Row("c", "key_s", "anthropic/claude", null, input: 10, output: 10),
            Row("d", "key_s", "openai/gpt-4o", 0m, input: 0, output: 0, outcome: "budget_exceeded", status: 429),
            Row("e", "key_s", "openai/gpt-4o", 0m, input: 0, output: 0, cache: "hit", saved: 0.125m, savedTokens: 700),
            Row("f", "key_s", "openai/gpt-4o", 0m, input: 0, output: 0, cache: "template", saved: 0.0625m),
            Row("g", "key_other", "openai/gpt-4o", 9m, input: 5, output: 5),
        ], CancellationToken.None);

        SessionFigures figures = store.Figures("key_s");

        (figures.Calls, figures.Errors, figures.BudgetRefusals).ShouldBe((6L, 1L, 1L));
        (figures.InputTokens, figures.CachedTokens, figures.OutputTokens).ShouldBe((3010L, 500L, 510L));
        (figures.CostUsd, figures.UnknownCostCalls).ShouldBe((0.75m, 1L));
        (figures.CacheHits, figures.CacheSavedUsd, figures.CacheSavedTokens).ShouldBe((1L, 0.125m, 700L));
        (figures.TemplateHits, figures.TemplateSavedUsd).ShouldBe((1L, 0.0625m));
        figures.ByModel.Select(m => (m.Model, m.Calls, m.CostUsd)).ShouldBe([("openai/gpt-4o", 5L, 0.75m), ("anthropic/claude", 1L, 0m)]);
        store.Figures("key_none").Calls.ShouldBe(0);
    }

    private static LedgerEntry Row(string id, string key, string deployment, decimal? cost, long input, long output, long cached = 0, string outcome = "ok", int status = 200, string? cache = null, decimal? saved = null, long savedTokens = 0) => new()
    {
        RequestId = id,
        Timestamp = Start,
        KeyId = key,
        Provider = deployment.Split('/')[0],
        Model = deployment.Split('/')[1],
        Deployment = deployment,
        InputTokens = input,
        CachedInputTokens = cached,
        OutputTokens = output,
        CostUsd = cost,
        Outcome = outcome,
        Status = status,
        CacheOutcome = cache,
        CacheHit = cache is not null,
        SavedUsd = saved,
        CacheSavedTokens = savedTokens,
        Attempts = 1,
    };
}

public sealed class SqliteSessionStoreTests : SessionStoreContract
{
    private protected override TestStorage Open() => new SqliteTestStorage();
}

public sealed class PostgresSessionStoreTests : SessionStoreContract
{
    private protected override TestStorage Open() => PostgresTestStorage.Open();
}
