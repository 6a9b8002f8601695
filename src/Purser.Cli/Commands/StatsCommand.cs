using System.CommandLine;
using System.Globalization;
using Purser.Assistant.Json;
using Purser.Assistant.Stats;
using Purser.Cli.Hosting;
using Purser.Cli.Rendering;
using Purser.Pricing;
using Spectre.Console;

namespace Purser.Cli.Commands;

/// <summary><c>purser stats</c>: what the local database holds.</summary>
internal static class StatsCommand
{
    public static Command Create(IAnsiConsole console, CliEnvironment environment)
    {
        var json = GlobalOptions.Json();
        var command = new Command("stats", "Database statistics: size, ledger totals, analyses, repositories, notes") { json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using CliContext context = CliContext.Create(environment, parse.GetValue(GlobalOptions.Config));
            DatabaseStats stats = await context.Get<StatsReporter>().CollectAsync(cancellationToken);
            if (parse.GetValue(json))
            {
                AssistantOutput.Json(console, AssistantJson.Serialize(stats));
                return 0;
            }

            var grid = new Grid().AddColumn(new GridColumn().PadRight(3)).AddColumn();
            grid.AddRow("[bold]Database[/]", Markup.Escape(stats.Path));
            grid.AddRow("Size", Markup.Escape((stats.SizeBytes / 1024.0).ToString("N1", CultureInfo.InvariantCulture) + " KB") + $" [grey](schema version {stats.SchemaVersion})[/]");
            grid.AddRow("[bold]Ledger[/]", $"{AssistantOutput.N(stats.Ledger.Calls)} calls, {AssistantOutput.N(stats.Ledger.Errors)} errors, {AssistantOutput.N(stats.Ledger.CacheHits)} cache hits");
            grid.AddRow("Tokens", $"{AssistantOutput.N(stats.Ledger.InputTokens)} in / {AssistantOutput.N(stats.Ledger.OutputTokens)} out");
            grid.AddRow("Spend", $"[bold]{Markup.Escape(CostFormatter.FormatSum(stats.Ledger.KnownCostUsd, stats.Ledger.UnknownCostCalls))}[/] all time");
            grid.AddRow("[bold]Analyses[/]", $"{AssistantOutput.N(stats.Analyses.Analyses)} stored for {AssistantOutput.N(stats.Analyses.Files)} file(s)"
                + (stats.Analyses.AverageOverall is double avg ? $", mean score {avg.ToString("0.#", CultureInfo.InvariantCulture)}" : "")
                + $", cost {Markup.Escape(CostFormatter.Format(stats.Analyses.CostUsd))}");
            grid.AddRow("[bold]Repositories[/]", $"{stats.Repositories} registered, {AssistantOutput.N(stats.RepositoryFiles)} files scanned");
            grid.AddRow("[bold]Notes[/]", $"{stats.NotesInbox} inbox, {stats.NotesActive} active, {stats.NotesDone} done");
            console.Write(new Panel(grid).Header("[bold]Purser statistics[/]").Border(BoxBorder.Rounded));
            return 0;
        });
        return command;
    }
}
