using System.Globalization;
using Purser.Assistant.Validation;
using Purser.Pricing;
using Spectre.Console;

namespace Purser.Cli.Rendering;

/// <summary>The terminal view of a validation: per file its checks and findings, then the totals.</summary>
internal static class ValidationRenderer
{
    public static void Render(IAnsiConsole console, ValidationRun run)
    {
        foreach (ValidationReport report in run.Files)
        {
            Render(console, report, details: run.Files.Count == 1 || !report.Passed);
        }

        if (run.Files.Count > 1)
        {
            var table = new Table().Border(TableBorder.Rounded).Title("Validation")
                .AddColumn("File").AddColumn(new TableColumn("Score").RightAligned()).AddColumn(new TableColumn("Errors").RightAligned())
                .AddColumn(new TableColumn("Warnings").RightAligned()).AddColumn(new TableColumn("Notes").RightAligned()).AddColumn("Result");
            foreach (ValidationReport report in run.Files.OrderBy(f => f.Score ?? -1).ThenBy(f => f.Path, StringComparer.Ordinal))
            {
                table.AddRow(Markup.Escape(report.Path), AssistantOutput.Score(report.Score), N(report.Count("error")), N(report.Count("warning")), N(report.Count("note")), Result(report));
            }

            console.Write(table);
        }

        foreach (UnvalidatedFile skipped in run.Skipped)
        {
            console.MarkupLineInterpolated($"[yellow]! {skipped.Path} was not validated: {skipped.Reason}[/]");
        }

        string cost = run.CostUsd is decimal c && c > 0 ? $" [grey]·[/] cross-check cost [bold]{Markup.Escape(CostFormatter.Format(c))}[/]" : run.CostUsd is null ? " [grey]·[/] cross-check cost unknown" : "";
        console.MarkupLine(
            $"[grey]{N(run.Files.Count)} file(s):[/] {N(run.Passed)} passed, {N(run.Failed)} failed (threshold {run.Threshold}) [grey]·[/] score {AssistantOutput.Score(run.Score)}{cost} [grey]·[/] {run.ElapsedMs.ToString("0", CultureInfo.InvariantCulture)} ms");
    }

    private static void Render(IAnsiConsole console, ValidationReport report, bool details)
    {
        console.MarkupLine($"[bold]{Markup.Escape(report.Path)}[/] [grey]({Markup.Escape(report.Language)}, {N(report.Lines)} lines)[/] score {AssistantOutput.Score(report.Score)}/100 {Result(report)} [grey](threshold {report.Threshold})[/]");
        if (!details)
        {
            return;
        }

        var checks = new Table().Border(TableBorder.Simple).AddColumn("Check").AddColumn(new TableColumn("Score").RightAligned()).AddColumn("Note");
        foreach (CheckResult check in report.Checks)
        {
            string score = check.Status switch
            {
                CheckStatus.Checked => AssistantOutput.Score(check.Score),
                CheckStatus.NotApplicable => "[grey]n/a[/]",
                _ => "[yellow]not checked[/]",
            };
            checks.AddRow(check.Name, score, Markup.Escape(check.Note));
        }

        console.Write(checks);
        foreach (ValidationFinding finding in report.Findings)
        {
            string line = finding.Line is int l ? $"{report.Path}:{l}" : report.Path;
            console.MarkupLine($"  {AssistantOutput.Severity(finding.Severity)} [grey]{Markup.Escape(line)}[/] [blue]{Markup.Escape(finding.Rule)}[/] {Markup.Escape(finding.Message)}");
        }

        AssistantOutput.Warnings(console, report.Warnings);
    }

    private static string Result(ValidationReport report) =>
        report.Score is null ? "[yellow]not checked[/]" : report.Passed ? "[green]passed[/]" : "[red]failed[/]";

    private static string N(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
