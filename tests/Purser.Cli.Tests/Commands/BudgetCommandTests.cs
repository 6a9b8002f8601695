using System.Text.Json.Nodes;
using Purser.Ledger;
using Purser.Storage.Sqlite;

namespace Purser.Cli.Tests.Commands;

public sealed class BudgetCommandTests
{
    [Fact]
    public async Task SetListStatusRemove_AgainstTheLocalDatabase()
    {
        using var cli = new CliRunner();
        await File.WriteAllTextAsync(Path.Combine(cli.Home, "purser.json"), """{"Purser":{"Budgets":{"TimeZone":"UTC"}}}""");
        DateTimeOffset now = DateTimeOffset.UtcNow;
        var store = new SqliteLedgerStore(new SqliteDatabase(Path.Combine(cli.Home, "purser.db")));
        await store.AppendAsync(
        [
            new LedgerEntry { RequestId = "a", Timestamp = now, CostUsd = 1.5m, Project = "alpha", Status = 200 },
            new LedgerEntry { RequestId = "b", Timestamp = now, CostUsd = 2m, Project = "beta", Status = 200 },
        ], CancellationToken.None);

        (await cli.RunAsync("budget", "set", "daily", "--limit", "5")).ExitCode.ShouldBe(0);
        (await cli.RunAsync("budget", "set", "alpha", "--scope", "project", "--match", "alpha", "--limit", "2", "--window", "monthly", "--alerts", "50,100")).ExitCode.ShouldBe(0);
        (await cli.RunAsync("budget", "set", "plan", "--plan", "pro", "--soft")).ExitCode.ShouldBe(0);

        var (code, output) = await cli.RunAsync("budget", "status", "--json");

        code.ShouldBe(0, output);
        JsonArray rows = JsonNode.Parse(output)!.AsArray();
        JsonNode daily = rows.Single(r => r!["name"]!.GetValue<string>() == "daily")!;
        (daily["spent"]!.GetValue<decimal>(), daily["remaining"]!.GetValue<decimal>(), daily["tier"]!.GetValue<string>(), daily["next_alert_level"]!.GetValue<int>())
            .ShouldBe((3.5m, 1.5m, "cheap", 80));
        daily["resets_at"].ShouldNotBeNull();
        JsonNode alpha = rows.Single(r => r!["name"]!.GetValue<string>() == "alpha")!;
        (alpha["spent"]!.GetValue<decimal>(), alpha["tier"]!.GetValue<string>(), alpha["next_alert_level"]!.GetValue<int>()).ShouldBe((1.5m, "cheap", 100));
        JsonNode plan = rows.Single(r => r!["name"]!.GetValue<string>() == "plan")!;
        (plan["unit"]!.GetValue<string>(), plan["limit"]!.GetValue<decimal>(), plan["tier"]!.GetValue<string>()).ShouldBe(("tokens", 500_000m, "soft"));

        var (_, table) = await cli.RunAsync("budget", "status");
        table.ShouldContain("daily");
        table.ShouldContain("$3.50");
        table.ShouldContain("cheap");

        (await cli.RunAsync("budget", "remove", "alpha")).ExitCode.ShouldBe(0);
        var (_, list) = await cli.RunAsync("budget", "list", "--json");
        JsonNode.Parse(list)!.AsArray().Select(b => b!["name"]!.GetValue<string>()).ShouldBe(["daily", "plan"]);
    }

    [Fact]
    public async Task Set_Invalid_SaysWhatIsWrong()
    {
        using var cli = new CliRunner();

        var (code, output) = await cli.RunAsync("budget", "set", "p", "--scope", "project", "--limit", "5");

        code.ShouldBe(2);
        output.ShouldContain("Match is required");
    }

    [Fact]
    public async Task Remove_Unknown_Fails()
    {
        using var cli = new CliRunner();

        var (code, output) = await cli.RunAsync("budget", "remove", "nothing");

        code.ShouldBe(1);
        output.ShouldContain("no budget named");
    }

    [Fact]
    public async Task Status_NoBudgets_SaysHowToAddOne()
    {
        using var cli = new CliRunner();

        var (code, output) = await cli.RunAsync("budget", "status");

        code.ShouldBe(0);
        output.ShouldContain("purser budget set");
    }
}
