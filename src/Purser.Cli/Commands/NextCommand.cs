using System.CommandLine;
using Purser.Assistant.Advice;
using Purser.Assistant.Json;
using Purser.Cli.Hosting;
using Purser.Cli.Rendering;
using Purser.Pricing;
using Spectre.Console;

namespace Purser.Cli.Commands;

/// <summary><c>purser next</c>: what to work on next, and why.</summary>
internal static class NextCommand
{
    public static Command Create(IAnsiConsole console, CliEnvironment environment)
    {
        var count = new Option<int>("--count", "-n") { Description = "How many recommendations", DefaultValueFactory = _ => 5 };
        var json = GlobalOptions.Json();
        var command = new Command("next", "Recommend what to work on next from your notes, the lowest-scoring files and the spend, explaining why") { count, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using CliContext context = CliContext.Create(environment, parse.GetValue(GlobalOptions.Config));
            NextAdvice advice = await context.Get<NextAdvisor>().AdviseAsync(Math.Clamp(parse.GetValue(count), 1, 50), cancellationToken);
            if (parse.GetValue(json))
            {
                AssistantOutput.Json(console, AssistantJson.Serialize(advice));
                return 0;
            }

            if (advice.Recommendations.Count == 0)
            {
                console.MarkupLine("[green]Nothing pressing:[/] no open notes, no weak files among those analysed, spend as usual.");
            }

            int i = 1;
            foreach (Recommendation r in advice.Recommendations)
            {
                string icon = r.Kind switch { "security" => "[red]![/]", "spend" => "[yellow]$[/]", "note" => "[yellow]>[/]", _ => "[blue]>[/]" };
                console.MarkupLine($"{icon} [bold]{i++}. {Markup.Escape(r.Title)}[/]");
                console.MarkupLine($"   [grey]Why:[/] {Markup.Escape(r.Reason)}");
                if (r.Command is { } next)
                {
                    console.MarkupLine($"   [grey]Start with:[/] {Markup.Escape(next)}");
                }
            }

            console.MarkupLine(
                $"[grey]Looked at {advice.ActiveNotes} active and {advice.InboxNotes} inbox note(s), {advice.AnalysedFiles} analysed file(s); spend {Markup.Escape(CostFormatter.FormatSum(advice.Spend24h.KnownCostUsd, advice.Spend24h.UnknownCostCalls))} in 24 h, {Markup.Escape(CostFormatter.FormatSum(advice.Spend7d.KnownCostUsd, advice.Spend7d.UnknownCostCalls))} in 7 days.[/]");
            return 0;
        });
        return command;
    }
}
