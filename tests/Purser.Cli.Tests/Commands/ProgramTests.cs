using System.Text.Json.Nodes;
using Purser.Cli.Rendering;
using Purser.Ledger;
using Purser.Storage.Sqlite;

namespace Purser.Cli.Tests.Commands;

public sealed class ProgramTests
{
    private static readonly Func<string, string?> NoVariables = _ => null;

    [Fact]
    public void CreateConsole_OutputRedirected_WritesNoEscapeCodesAndIsNotInteractive()
    {
        Spectre.Console.IAnsiConsole console = Program.CreateConsole(outputRedirected: true, new StringWriter(), NoVariables);

        console.Profile.Capabilities.Ansi.ShouldBeFalse();
        console.Profile.Capabilities.Interactive.ShouldBeFalse();
        console.Profile.Capabilities.ColorSystem.ShouldBe(Spectre.Console.ColorSystem.NoColors);
    }

    [Theory]
    [InlineData(null, ConsoleWidth.Unbounded)]
    [InlineData("200", 200)]
    [InlineData("60", 60)]
    [InlineData("0", ConsoleWidth.Unbounded)]
    [InlineData("wide", ConsoleWidth.Unbounded)]
    public void CreateConsole_OutputRedirected_IsAsWideAsColumnsSaysOrUnbounded(string? columns, int width)
    {
        Spectre.Console.IAnsiConsole console = Program.CreateConsole(outputRedirected: true, new StringWriter(), name => name == "COLUMNS" ? columns : null);

        console.Profile.Width.ShouldBe(width);
    }

    [Fact]
    public async Task PricingList_InACiLog_CutsNoModelName()
    {
        using var cli = new CliRunner { RedirectedOutput = true };
        var (_, json) = await cli.RunAsync("pricing", "list", "--json");
        List<string> ids = [.. JsonNode.Parse(json)!["models"]!.AsArray().Select(m => m!["id"]!.GetValue<string>())];

        var (code, table) = await cli.RunAsync("pricing", "list");

        code.ShouldBe(0);
        string[] lines = table.Split('\n');
        ids.Count.ShouldBeGreaterThan(20);
        foreach (string id in ids)
        {
            lines.ShouldContain(line => line.Contains(" " + id + " ", StringComparison.Ordinal), $"'{id}' is not whole on one line");
        }
    }

    [Fact]
    public async Task BudgetStatus_InACiLog_KeepsEveryAmountOnItsRow()
    {
        using var cli = new CliRunner { RedirectedOutput = true };
        await File.WriteAllTextAsync(Path.Combine(cli.Home, "purser.json"), """{"Purser":{"Budgets":{"TimeZone":"UTC"}}}""");
        var store = new SqliteLedgerStore(new SqliteDatabase(Path.Combine(cli.Home, "purser.db")));
        await store.AppendAsync([new LedgerEntry { RequestId = "a", Timestamp = DateTimeOffset.UtcNow, CostUsd = 0.0456m, Project = "website-redesign-2026", Status = 200 }], CancellationToken.None);
        (await cli.RunAsync("budget", "set", "website-redesign-2026-monthly", "--scope", "project", "--match", "website-redesign-2026", "--limit", "0.5", "--window", "monthly")).ExitCode.ShouldBe(0);

        var (code, table) = await cli.RunAsync("budget", "status");

        code.ShouldBe(0, table);
        string row = table.Split('\n').Single(l => l.Contains("website-redesign-2026-monthly", StringComparison.Ordinal));
        row.ShouldContain("$0.0456");
        row.ShouldContain("$0.50");
    }

    [Fact]
    public async Task PromptsShow_InACiLog_FullWidthPanelsStayAtTheStretchLimit()
    {
        using var cli = new CliRunner { RedirectedOutput = true };
        var (_, json) = await cli.RunAsync("prompts", "list", "--json");
        string name = JsonNode.Parse(json)!.AsArray()[0]!["name"]!.GetValue<string>();

        var (code, output) = await cli.RunAsync("prompts", "show", name);

        code.ShouldBe(0, output);
        output.ShouldContain("system prompt");
        output.Split('\n').Max(l => l.TrimEnd().Length).ShouldBeInRange(40, ConsoleWidth.StretchLimit);
    }
}
