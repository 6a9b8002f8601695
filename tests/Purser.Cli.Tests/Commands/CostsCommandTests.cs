using System.Text.Json.Nodes;
using Purser.Ledger;
using Purser.Storage.Sqlite;

namespace Purser.Cli.Tests.Commands;

public sealed class CostsCommandTests
{
    [Fact]
    public async Task Costs_Json_ReportsTheLedgerExactly()
    {
        using var cli = new CliRunner();
        await SeedAsync(cli.Home);

        var (code, output) = await cli.RunAsync("costs", "--period", "all", "--by", "model", "--recent", "2", "--json");

        code.ShouldBe(0, output);
        JsonNode report = JsonNode.Parse(output)!;
        report["periods"]!["all"]!["calls"]!.GetValue<long>().ShouldBe(3);
        report["periods"]!["all"]!["cost_usd"]!.GetValue<decimal>().ShouldBe(0.0250003m);
        report["report"]!["groups"]![0]!["key"]!.GetValue<string>().ShouldBe("openai/gpt-4o");
        report["report"]!["recent"]!.AsArray().Count.ShouldBe(2);
    }

    [Fact]
    public async Task Costs_Table_ShowsPeriodsBreakdownAndRecentOperations()
    {
        using var cli = new CliRunner();
        await SeedAsync(cli.Home);

        var (code, output) = await cli.RunAsync("costs", "--period", "all", "--by", "project", "--recent", "3");

        code.ShouldBe(0, output);
        output.ShouldContain("Spend");
        output.ShouldContain("alpha");
        output.ShouldContain("Recent operations");
        output.ShouldContain("$0.025");
    }

    [Fact]
    public async Task Costs_Csv_WritesOneLinePerGroup()
    {
        using var cli = new CliRunner();
        await SeedAsync(cli.Home);

        var (code, output) = await cli.RunAsync("costs", "--period", "all", "--by", "model", "--csv");

        code.ShouldBe(0, output);
        string[] lines = output.Trim().Split('\n');
        lines[0].ShouldStartWith("key,calls,");
        lines.Length.ShouldBe(3);
        lines[1].ShouldStartWith("openai/gpt-4o,2,");
    }

    [Fact]
    public async Task Costs_BadPeriod_IsAUsageErrorNotACrash()
    {
        using var cli = new CliRunner();

        var (code, output) = await cli.RunAsync("costs", "--period", "fortnight");

        code.ShouldNotBe(0);
        output.ShouldNotContain("Exception");
    }

    [Fact]
    public async Task InvalidConfiguration_NamesTheKeyAndExits2()
    {
        using var cli = new CliRunner();
        await File.WriteAllTextAsync(Path.Combine(cli.Home, "purser.json"), """{"Purser":{"Providers":{"work":{"Kind":"openia"}}}}""");

        var (code, output) = await cli.RunAsync("costs");

        code.ShouldBe(2);
        output.ShouldContain("Purser:Providers:work:Kind");
    }

    private static async Task SeedAsync(string home)
    {
        var store = new SqliteLedgerStore(new SqliteDatabase(Path.Combine(home, "purser.db")));
        DateTimeOffset now = DateTimeOffset.UtcNow;
        await store.AppendAsync(
        [
            new LedgerEntry { RequestId = "a", Timestamp = now.AddMinutes(-3), Provider = "openai", Model = "gpt-4o", Deployment = "openai/gpt-4o", Project = "alpha", InputTokens = 1000, OutputTokens = 500, CostUsd = 0.0125m, Status = 200, Attempts = 1 },
            new LedgerEntry { RequestId = "b", Timestamp = now.AddMinutes(-2), Provider = "openai", Model = "gpt-4o", Deployment = "openai/gpt-4o", Project = "alpha", InputTokens = 1000, OutputTokens = 500, CostUsd = 0.0125m, Status = 200, Attempts = 1 },
            new LedgerEntry { RequestId = "c", Timestamp = now.AddMinutes(-1), Provider = "gemini", Model = "gemini-2.0-flash", Deployment = "gemini/gemini-2.0-flash", Project = "beta", InputTokens = 3, OutputTokens = 0, CostUsd = 0.0000003m, Status = 200, Attempts = 1 },
        ], CancellationToken.None);
    }
}
