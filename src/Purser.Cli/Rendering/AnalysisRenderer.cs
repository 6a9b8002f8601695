using Purser.Assistant.Analysis;
using Purser.Assistant.Languages;
using Spectre.Console;

namespace Purser.Cli.Rendering;

/// <summary>The terminal view of one file's analysis: scores panel, summary, issues table, suggestions, cost line.</summary>
internal static class AnalysisRenderer
{
    public static void Render(IAnsiConsole console, FileAnalysis analysis, TimeSpan elapsed)
    {
        string language = LanguageDetector.Find(analysis.Language)?.Name ?? analysis.Language;
        var grid = new Grid().AddColumn(new GridColumn().PadRight(2)).AddColumn(new GridColumn().RightAligned().PadRight(2)).AddColumn();
        AnalysisScores s = analysis.Scores;
        grid.AddRow("[bold]Overall[/]", $"[bold]{AssistantOutput.Score(s.Overall)}[/]", AssistantOutput.Bar(s.Overall));
        grid.AddRow("Security", AssistantOutput.Score(s.Security), AssistantOutput.Bar(s.Security));
        grid.AddRow("Quality", AssistantOutput.Score(s.Quality), AssistantOutput.Bar(s.Quality));
        grid.AddRow("Complexity", AssistantOutput.Score(s.Complexity), AssistantOutput.Bar(s.Complexity));
        grid.AddRow("Maintainability", AssistantOutput.Score(s.Maintainability), AssistantOutput.Bar(s.Maintainability));
        string header = $"[bold]{Markup.Escape(analysis.Path)}[/] [grey]· {Markup.Escape(language)} · {AssistantOutput.N(analysis.Lines)} lines[/]";
        if (analysis.Partial)
        {
            header += " [yellow]· partial[/]";
        }

        console.Write(new Panel(grid).Header(header).Border(BoxBorder.Rounded).BorderColor(Spectre.Console.Color.Grey));
        if (analysis.Summary.Length > 0)
        {
            console.MarkupLine("[bold]Summary[/]");
            AssistantOutput.Text(console, analysis.Summary);
        }

        if (analysis.Issues.Count > 0)
        {
            var table = new Table().Border(TableBorder.Rounded).Title($"[bold]Issues ({analysis.Issues.Count})[/]");
            table.AddColumn(new TableColumn("Line").RightAligned()).AddColumn("Severity").AddColumn("Category").AddColumn("Issue");
            foreach (AnalysisIssue issue in analysis.Issues)
            {
                table.AddRow(issue.Line?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-", AssistantOutput.Severity(issue.Severity), Markup.Escape(issue.Category), Markup.Escape(issue.Message));
            }

            console.Write(table);
        }
        else if (!analysis.Partial)
        {
            console.MarkupLine("[green]No issues found.[/]");
        }

        if (analysis.Suggestions.Count > 0)
        {
            console.MarkupLine("[bold]Suggestions[/]");
            for (int i = 0; i < analysis.Suggestions.Count; i++)
            {
                console.MarkupLineInterpolated($" {i + 1}. {analysis.Suggestions[i]}");
            }
        }

        AssistantOutput.Warnings(console, analysis.Warnings);
        if (analysis.FromStore)
        {
            console.MarkupLineInterpolated(
                $"[green]Unchanged since {analysis.AnalyzedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC (same content, prompt version {analysis.PromptVersion} and model {analysis.Model}): answered from the analysis store, cost $0.[/] [grey]Use --force to ask again.[/]");
        }
        else
        {
            AssistantOutput.Footer(console, analysis.Model, analysis.ServedBy, analysis.InputTokens, analysis.OutputTokens, analysis.CostUsd, cached: false, elapsed);
        }
    }
}
