using System.Text;
using System.Text.Json.Nodes;
using Purser.Caching;
using Purser.Ledger;
using Purser.Storage.Sqlite;

namespace Purser.Cli.Tests.Commands;

public sealed class CacheCommandTests
{
    [Fact]
    public async Task Stats_Json_ReportsLedgerCountsAndLiveEntriesByOperation()
    {
        using var cli = new CliRunner();
        await SeedAsync(cli.Home);

        var (code, output) = await cli.RunAsync("cache", "stats", "--json");

        code.ShouldBe(0, output);
        JsonNode report = JsonNode.Parse(output)!;
        report["totals"]!["hits"]!.GetValue<long>().ShouldBe(3);
        report["totals"]!["misses"]!.GetValue<long>().ShouldBe(1);
        report["totals"]!["entries"]!.GetValue<long>().ShouldBe(2);
        report["totals"]!["saved_usd"]!.GetValue<decimal>().ShouldBe(0.03m);
        report["totals"]!["tokens_saved"]!.GetValue<long>().ShouldBe(3000);
        JsonNode debug = report["operations"]!.AsArray().Single(o => o!["operation"]!.GetValue<string>() == "debug")!;
        debug["hit_rate"]!.GetValue<double>().ShouldBe(2 / 3.0, 1e-9);
        debug["entries"]!.GetValue<long>().ShouldBe(1);
    }

    [Fact]
    public async Task Stats_Table_ShowsEachOperationAndTheTotal()
    {
        using var cli = new CliRunner();
        await SeedAsync(cli.Home);

        var (code, output) = await cli.RunAsync("cache", "stats", "--period", "7d");

        code.ShouldBe(0, output);
        output.ShouldContain("Response cache (7d)");
        output.ShouldContain("code_review");
        output.ShouldContain("debug");
        output.ShouldContain("66.7 %");
        output.ShouldContain("total");
        output.ShouldContain("$0.03");
    }

    [Fact]
    public async Task Clear_ByOperationAndAge_RemovesWhatMatches()
    {
        using var cli = new CliRunner();
        await SeedAsync(cli.Home);

        var (none, noneOutput) = await cli.RunAsync("cache", "clear", "--operation", "debug", "--older-than", "2h");
        var (code, output) = await cli.RunAsync("cache", "clear", "--operation", "debug", "--json");
        var (all, allOutput) = await cli.RunAsync("cache", "clear");

        none.ShouldBe(0, noneOutput);
        noneOutput.ShouldContain("Removed 0 cached answer(s) of operation debug older than 2h");
        code.ShouldBe(0, output);
        JsonNode.Parse(output)!["removed"]!.GetValue<int>().ShouldBe(1);
        all.ShouldBe(0, allOutput);
        allOutput.ShouldContain("Removed 1 cached answer(s)");
    }

    [Fact]
    public async Task Clear_BadOlderThan_IsAUsageError()
    {
        using var cli = new CliRunner();

        var (code, output) = await cli.RunAsync("cache", "clear", "--older-than", "a fortnight");

        code.ShouldBe(2);
        output.ShouldContain("--older-than");
    }

    private static async Task SeedAsync(string home)
    {
        var database = new SqliteDatabase(Path.Combine(home, "purser.db"));
        DateTimeOffset now = DateTimeOffset.UtcNow;
        await new SqliteCacheStore(database).WriteAsync([Entry(1, "debug", now), Entry(2, "code_review", now)], CancellationToken.None);
        await new SqliteLedgerStore(database).AppendAsync(
        [
            Row("a", "debug", "miss", now.AddMinutes(-4)),
            Row("b", "debug", "hit", now.AddMinutes(-3)),
            Row("c", "debug", "hit", now.AddMinutes(-2)),
            Row("d", "code_review", "hit", now.AddMinutes(-1)),
        ], CancellationToken.None);
    }

    private static CacheEntry Entry(byte id, string operation, DateTimeOffset now) => new()
    {
        Key = CacheKey.FromBytes(Enumerable.Repeat(id, CacheKey.Length).ToArray()),
        Partition = "global",
        Operation = operation,
        Provider = "openai",
        Model = "gpt-4o",
        CreatedAt = now.AddMinutes(-10),
        ExpiresAt = now.AddHours(1),
        Response = Encoding.UTF8.GetBytes("""{"id":"x","model":"gpt-4o","finish_reason":"stop","content":[{"type":"text","text":"hi"}],"usage":{}}"""),
    };

    private static LedgerEntry Row(string id, string operation, string cache, DateTimeOffset at) => new()
    {
        RequestId = id,
        Timestamp = at,
        Operation = operation,
        Provider = "openai",
        Model = "gpt-4o",
        Deployment = "openai/gpt-4o",
        CostUsd = cache == "hit" ? 0m : 0.01m,
        CacheHit = cache == "hit",
        CacheOutcome = cache,
        SavedUsd = cache == "hit" ? 0.01m : null,
        CacheSavedTokens = cache == "hit" ? 1000 : 0,
        InputTokens = cache == "hit" ? 0 : 600,
        OutputTokens = cache == "hit" ? 0 : 400,
        Status = 200,
    };
}
