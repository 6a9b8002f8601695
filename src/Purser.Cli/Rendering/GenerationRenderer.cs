using Purser.Assistant.Generation;
using Purser.Assistant.Validation;
using Purser.Pricing;
using Spectre.Console;

namespace Purser.Cli.Rendering;

/// <summary>After the code: the steps the generation took with their cost, the validation, and the totals.</summary>
internal static class GenerationRenderer
{
    public static void Render(IAnsiConsole console, GenerationResult result)
    {
        Steps(console, result);
        foreach (ValidationReport report in result.Validation.Where(r => r.Findings.Count > 0))
        {
            foreach (ValidationFinding finding in report.Findings)
            {
                string where = finding.Line is int l ? $"{report.Path}:{l}" : report.Path;
                console.MarkupLine($"  {AssistantOutput.Severity(finding.Severity)} [grey]{Markup.Escape(where)}[/] [blue]{Markup.Escape(finding.Rule)}[/] {Markup.Escape(finding.Message)}");
            }
        }

        AssistantOutput.Warnings(console, result.Warnings);
        string verdict = result.Score is null ? "[yellow]not validated[/]" : result.Passed ? "[green]passed[/]" : "[red]failed[/]";
        string saved = result.SavedUsd is decimal s ? $" [grey]·[/] saved [bold green]{Markup.Escape(CostFormatter.Format(s))}[/]" : "";
        console.MarkupLine(
            $"[grey]Path[/] {Markup.Escape(result.Path)} [grey]·[/] score {AssistantOutput.Score(result.Score)}/100 {verdict} [grey](threshold {result.Threshold})[/] [grey]·[/] cost [bold]{Markup.Escape(Cost(result.CostUsd))}[/]{saved}");
    }

    public static void Steps(IAnsiConsole console, GenerationResult result)
    {
        var table = new Table().Border(TableBorder.Simple).AddColumn("#").AddColumn("Step").AddColumn("What happened").AddColumn(new TableColumn("Cost").RightAligned());
        int n = 0;
        foreach (GenerationStep step in result.Steps)
        {
            table.AddRow((++n).ToString(System.Globalization.CultureInfo.InvariantCulture), step.Name, Markup.Escape(step.Detail), step.CostUsd is decimal c ? Markup.Escape(CostFormatter.Format(c)) : "");
        }

        console.Write(table);
    }

    private static string Cost(decimal? cost) => cost is decimal c ? CostFormatter.Format(c) : "unknown (no price for a model)";
}
