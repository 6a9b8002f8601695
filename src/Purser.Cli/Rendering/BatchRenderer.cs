using System.Globalization;
using Purser.Assistant.Analysis;
using Purser.Assistant.Batch;
using Purser.Assistant.Languages;
using Purser.Pricing;
using Spectre.Console;

namespace Purser.Cli.Rendering;

/// <summary>The summary of <c>purser analyze repo</c>: files worst first, averages per language, counts and total cost.</summary>
internal static class BatchRenderer
{
    public static void Render(IAnsiConsole console, BatchResult result, int top)
    {
        var scored = result.Files.Where(f => f.Analysis?.Scores.Overall is not null).ToList();
        if (scored.Count > 0)
        {
            bool wide = console.Profile.Width >= 120;
            bool roomy = console.Profile.Width >= 100;
            var table = new Table().Border(TableBorder.Rounded).Title($"[bold]{Markup.Escape(result.Repository)}: files most in need of work first[/]");
            table.AddColumn(new TableColumn("File").NoWrap());
            if (roomy)
            {
                table.AddColumn("Language");
            }

            table.AddColumn(new TableColumn(roomy ? "Overall" : "Score").RightAligned().NoWrap()).AddColumn(new TableColumn("Sec").RightAligned().NoWrap())
                .AddColumn(new TableColumn("Qual").RightAligned().NoWrap()).AddColumn(new TableColumn("Cplx").RightAligned().NoWrap()).AddColumn(new TableColumn("Maint").RightAligned().NoWrap());
            if (roomy)
            {
                table.AddColumn(new TableColumn("Issues").RightAligned().NoWrap());
            }

            table.AddColumn(new TableColumn("Cost").RightAligned().NoWrap());
            if (wide)
            {
                table.AddColumn("Top issue");
            }
            foreach (BatchFileResult file in scored.Take(top))
            {
                FileAnalysis a = file.Analysis!;
                AnalysisIssue? worst = a.Issues.FirstOrDefault();
                string issues = a.Issues.Count == 0 ? "0" : $"{a.Issues.Count}" + (a.CountBySeverity("error") > 0 ? $" [red]({a.CountBySeverity("error")}E)[/]" : "");
                string cost = file.Status == BatchFileStatus.Reused ? "[grey]stored[/]" : file.CostUsd is decimal c ? Markup.Escape(CostFormatter.Format(c, 4)) : "[yellow]?[/]";
                string top1 = worst is null ? "" : $"{(worst.Line is int l ? "L" + l.ToString(CultureInfo.InvariantCulture) + " " : "")}{Markup.Escape(Clip(worst.Message, 60))}";
                var cells = new List<string>
                {
                    Markup.Escape(BatchProgressObserver.Shorten(file.Path, roomy ? 48 : 28)) + (file.Status == BatchFileStatus.Partial ? " [yellow](partial)[/]" : ""),
                };
                if (roomy)
                {
                    cells.Add(Markup.Escape(LanguageDetector.Find(a.Language)?.Name ?? a.Language));
                }

                cells.AddRange(
                [
                    AssistantOutput.Score(a.Scores.Overall),
                    AssistantOutput.Score(a.Scores.Security),
                    AssistantOutput.Score(a.Scores.Quality),
                    AssistantOutput.Score(a.Scores.Complexity),
                    AssistantOutput.Score(a.Scores.Maintainability),
                ]);
                if (roomy)
                {
                    cells.Add(issues);
                }

                cells.Add(cost);
                if (wide)
                {
                    cells.Add(top1);
                }

                table.AddRow([.. cells]);
            }

            console.Write(table);
            if (scored.Count > top)
            {
                console.MarkupLineInterpolated($"[grey]… and {scored.Count - top} more file(s) (--top N shows more; --json lists all).[/]");
            }
        }

        if (result.Languages.Count > 0)
        {
            var languages = new Table().Border(TableBorder.Rounded).Title("[bold]Averages by language[/]");
            bool roomy = console.Profile.Width >= 100;
            languages.AddColumn("Language").AddColumn(new TableColumn("Files").RightAligned()).AddColumn(new TableColumn("Overall").RightAligned())
                .AddColumn(new TableColumn(roomy ? "Security" : "Sec").RightAligned()).AddColumn(new TableColumn(roomy ? "Quality" : "Qual").RightAligned())
                .AddColumn(new TableColumn(roomy ? "Complexity" : "Cplx").RightAligned()).AddColumn(new TableColumn(roomy ? "Maintainability" : "Maint").RightAligned());
            foreach (LanguageAverage l in result.Languages)
            {
                languages.AddRow(Markup.Escape(LanguageDetector.Find(l.Language)?.Name ?? l.Language), l.Files.ToString(CultureInfo.InvariantCulture), Avg(l.Overall), Avg(l.Security), Avg(l.Quality), Avg(l.Complexity), Avg(l.Maintainability));
            }

            console.Write(languages);
        }

        var problems = result.Files.Where(f => f.Status is BatchFileStatus.Failed or BatchFileStatus.NotAnalyzed || (f.Status == BatchFileStatus.Partial && f.Analysis?.Scores.Overall is null)).ToList();
        if (problems.Count > 0)
        {
            console.MarkupLine("[bold]Not scored[/]");
            foreach (BatchFileResult file in problems.Take(top))
            {
                string label = file.Status switch { BatchFileStatus.Failed => "[red]failed[/]", BatchFileStatus.NotAnalyzed => "[yellow]not analysed[/]", _ => "[yellow]partial[/]" };
                console.MarkupLine($"  {Markup.Escape(file.Path)}: {label} {Markup.Escape(file.Reason ?? "")}");
            }

            if (problems.Count > top)
            {
                console.MarkupLineInterpolated($"[grey]  … and {problems.Count - top} more.[/]");
            }
        }

        if (result.Skipped.Count > 0)
        {
            string reasons = string.Join(", ", result.Skipped
                .GroupBy(s => Category(s.Reason ?? ""), StringComparer.Ordinal)
                .OrderByDescending(g => g.Count())
                .Select(g => $"{g.Key} ({g.Count()})"));
            console.MarkupLineInterpolated($"[grey]Left out: {reasons}.[/]");
        }

        if (result.StoppedBecause is { } stopped)
        {
            console.MarkupLineInterpolated($"[yellow]Stopped early: {stopped.TrimEnd('.')}.[/]");
        }

        string score = result.AverageOverall is double avg ? $"[bold]{Avg(avg)}[/] (mean overall of {scored.Count} file(s))" : "[grey]none[/]";
        string unknown = result.UnknownCostFiles > 0 ? $" [yellow](+ {result.UnknownCostFiles} call(s) of unknown price)[/]" : "";
        console.MarkupLine(
            $"Repository score {score} [grey]·[/] analysed {result.Count(BatchFileStatus.Analyzed) + result.Count(BatchFileStatus.Partial)} [grey]·[/] unchanged {result.Count(BatchFileStatus.Reused)} ($0) "
            + $"[grey]·[/] failed {result.Count(BatchFileStatus.Failed)} [grey]·[/] total cost [bold]{Markup.Escape(CostFormatter.Format(result.CostUsd))}[/]{unknown} [grey]· {result.ElapsedSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s · {Markup.Escape(result.Model)}[/]");
    }

    private static string Avg(double? value) =>
        value is double v ? $"[{AssistantOutput.Color((int)Math.Round(v, MidpointRounding.AwayFromZero))}]{v.ToString("0.#", CultureInfo.InvariantCulture)}[/]" : "[grey]-[/]";

    private static string Category(string reason)
    {
        int colon = reason.IndexOf(':', StringComparison.Ordinal);
        string head = colon > 0 ? reason[..colon] : reason;
        return head.EndsWith("(use --all or --languages)", StringComparison.Ordinal) ? "not source code (--all includes them)" : head;
    }

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
