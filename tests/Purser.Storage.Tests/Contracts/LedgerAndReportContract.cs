using Purser.Ledger;
using Purser.Pricing;
using Purser.Reports;
using Purser.Storage.Sqlite;
using Purser.Storage.Tests.Sqlite;
using Purser.Tests;

namespace Purser.Storage.Tests.Contracts;

/// <summary>The contract of the LedgerAndReport stores, run against SQLite and PostgreSQL.</summary>
public abstract class LedgerAndReportContract : StoreContract
{
    private protected static readonly DateTimeOffset T0 = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    [SkippableFact]
    public async Task AppendAsync_SameRequestIdTwice_KeepsOneRow()
    {
        using TestStorage temp = Open();
        var store = temp.Ledger();

        await store.AppendAsync([Entry("r1", T0, "openai/gpt-4o", 0.0125m)], CancellationToken.None);
        await store.AppendAsync([Entry("r1", T0, "openai/gpt-4o", 0.0125m)], CancellationToken.None);

        CostReport report = await temp.CostReports().QueryAsync(new CostQuery(null, T0.AddDays(1)), CancellationToken.None);
        report.Totals.Calls.ShouldBe(1);
    }

    [SkippableFact]
    public async Task AppendAsync_SameRequestIdTwiceInOneBatch_KeepsTheFirst_AsTwoBatchesWould()
    {
        using TestStorage temp = Open();
        var store = temp.Ledger();

        await store.AppendAsync([Entry("r1", T0, "openai/gpt-4o", 0.5m, tags: ["first"]), Entry("r1", T0, "anthropic/claude-sonnet-4-5", 0.25m, tags: ["second"])], CancellationToken.None);

        CostReport report = await temp.CostReports().QueryAsync(new CostQuery(null, T0.AddDays(1), ReportGrouping.Tag), CancellationToken.None);
        report.Totals.Calls.ShouldBe(1);
        report.Totals.CostUsd.ShouldBe(0.5m);
        report.Groups.Select(g => g.Key).ShouldBe(["first"]);
        temp.Row("SELECT COUNT(*), SUM(cost_pico) FROM ledger_rollup WHERE dim = 'model'").ShouldBe([1, 500_000_000_000]);
    }

    [SkippableFact]
    public async Task QueryAsync_SumsExactlyAndGroupsByModelTagAndDay()
    {
        using TestStorage temp = Open();
        var store = temp.Ledger();
        await store.AppendAsync(
        [
            Entry("a", T0, "openai/gpt-4o", 0.0125m, tags: ["ci"]),
            Entry("b", T0.AddMinutes(1), "openai/gpt-4o", 0.000000075m, tags: ["ci", "nightly"]),
            Entry("c", T0.AddDays(-1), "anthropic/claude-sonnet-4-5", 0.1m),
            Entry("d", T0.AddDays(-40), "anthropic/claude-sonnet-4-5", 1m),
            Entry("e", T0, "local/llama", null),
        ], CancellationToken.None);
        var reports = temp.CostReports();

        CostReport week = await reports.QueryAsync(new CostQuery(T0.AddDays(-7), T0.AddHours(1), ReportGrouping.Model, Recent: 2), CancellationToken.None);
        CostReport tags = await reports.QueryAsync(new CostQuery(null, T0.AddHours(1), ReportGrouping.Tag), CancellationToken.None);
        CostReport days = await reports.QueryAsync(new CostQuery(null, T0.AddHours(1), ReportGrouping.Day), CancellationToken.None);

        week.Totals.Calls.ShouldBe(4);
        week.Totals.KnownCostUsd.ShouldBe(0.112500075m);
        week.Totals.UnknownCostCalls.ShouldBe(1);
        week.Totals.CostUsd.ShouldBeNull(); // a sum with an unknown part is unknown
        week.Groups.Single(g => g.Key == "local/llama").Totals.CostUsd.ShouldBeNull();
        week.Groups.Select(g => g.Key).ShouldBe(["anthropic/claude-sonnet-4-5", "openai/gpt-4o", "local/llama"]);
        week.Groups[1].Totals.CostUsd.ShouldBe(0.012500075m); // every cost in the group is known
        week.Recent.Select(r => r.RequestId).ShouldBe(["e", "c"]);
        tags.Groups.Single(g => g.Key == "ci").Totals.Calls.ShouldBe(2);
        tags.Groups.Single(g => g.Key == "nightly").Totals.CostUsd.ShouldBe(0.000000075m);
        days.Groups.Select(g => g.Key).ShouldBe(["2026-11-20", "2026-11-19", "2026-10-11"]);
    }

    [SkippableTheory]
    [InlineData("0.0125")]
    [InlineData("0.000000075")]
    [InlineData("123.456789012345")]
    public void Money_PicoRoundTrip_IsExact(string usd)
    {
        decimal value = decimal.Parse(usd, System.Globalization.CultureInfo.InvariantCulture);
        Money.FromPico(Money.ToPico(value)!.Value).ShouldBe(decimal.Round(value, 12));
    }

    private protected static LedgerEntry Entry(string id, DateTimeOffset at, string deployment, decimal? cost, string[]? tags = null) => new()
    {
        RequestId = id,
        Timestamp = at,
        Provider = deployment.Split('/')[0],
        Model = deployment.Split('/')[1],
        Deployment = deployment,
        InputTokens = 1000,
        OutputTokens = 500,
        CostUsd = cost,
        Tags = tags ?? [],
        Attempts = 1,
        Status = 200,
    };
}

public sealed class SqliteLedgerAndReportTests : LedgerAndReportContract
{
    private protected override TestStorage Open() => new SqliteTestStorage();

    // Only SQLite: these reach into the file with a connection of their own.
    [Fact]
    public async Task AppendAsync_FailedBatch_WritesNothingOfIt_AndTheNextBatchIsWritten()
    {
        using var temp = new TempDatabase();
        using var store = new SqliteLedgerStore(temp.Database);
        await store.AppendAsync([Entry("ok1", T0, "openai/gpt-4o", 0.5m)], CancellationToken.None);
        using (Microsoft.Data.Sqlite.SqliteConnection other = temp.Database.Open())
        using (Microsoft.Data.Sqlite.SqliteCommand trigger = other.CreateCommand())
        {
            // A schema change made by another connection while the store keeps its prepared statements.
            trigger.CommandText = "CREATE TRIGGER refuse_boom BEFORE INSERT ON ledger WHEN NEW.request_id = 'boom' BEGIN SELECT RAISE(ABORT, 'refused'); END;";
            trigger.ExecuteNonQuery();
        }

        await Should.ThrowAsync<Microsoft.Data.Sqlite.SqliteException>(() =>
            store.AppendAsync([Entry("fine-but-same-batch", T0, "openai/gpt-4o", 1m), Entry("boom", T0, "openai/gpt-4o", 2m)], CancellationToken.None));
        await store.AppendAsync([Entry("ok2", T0, "openai/gpt-4o", 0.25m)], CancellationToken.None);

        CostReport report = await new SqliteCostReportStore(temp.Database).QueryAsync(new CostQuery(null, T0.AddDays(1), ReportGrouping.Model, Recent: 10), CancellationToken.None);
        report.Recent.Select(r => r.RequestId).Order().ShouldBe(["ok1", "ok2"]);
        report.Totals.Calls.ShouldBe(2);
        report.Totals.CostUsd.ShouldBe(0.75m);
    }
}

public sealed class PostgresLedgerAndReportTests : LedgerAndReportContract
{
    private protected override TestStorage Open() => PostgresTestStorage.Open();
}
