using System.Globalization;
using Purser.Assistant.Review;
using Spectre.Console;

namespace Purser.Cli.Rendering;

/// <summary>The terminal view of a review: verdict, summary, findings, what was left out, cost.</summary>
internal static class ReviewRenderer
{
    public static void Render(IAnsiConsole console, ReviewResult review, string what)
    {
        foreach (string note in review.Notes)
        {
            console.MarkupLineInterpolated($"[yellow]{note}[/]");
        }

        string verdict = review.Verdict switch
        {
            ReviewParser.RequestChanges => "[red bold]request changes[/]",
            ReviewParser.Comment => "[yellow bold]comment[/]",
            _ => "[green bold]approve[/]",
        };
        string files = review.Files.Count == 1 ? review.Files[0] : $"{review.Files.Count} files";
        console.Write(ConsoleWidth.Stretching(console, new Rule($"[bold]Review of {Markup.Escape(what)}[/] [grey]({Markup.Escape(files)})[/] — {verdict}").LeftJustified()));
        if (review.Summary.Length > 0)
        {
            AssistantOutput.Text(console, review.Summary);
        }

        if (review.Findings.Count > 0)
        {
            var table = new Table().Border(TableBorder.Rounded).Title($"[bold]Findings ({review.Findings.Count})[/]");
            table.AddColumn("Where").AddColumn("Severity").AddColumn("Category").AddColumn("Finding");
            foreach (ReviewFinding f in review.Findings)
            {
                string where = (f.File ?? "?") + (f.Line is int line ? ":" + line.ToString(CultureInfo.InvariantCulture) + (f.EndLine is int end && end > line ? "-" + end.ToString(CultureInfo.InvariantCulture) : "") : "");
                string text = $"[bold]{Markup.Escape(f.Title)}[/]";
                if (f.Message.Length > 0 && f.Message != f.Title)
                {
                    text += "\n" + Markup.Escape(f.Message);
                }

                if (f.Suggestion.Length > 0)
                {
                    text += "\n[green]Fix:[/] " + Markup.Escape(f.Suggestion);
                }

                table.AddRow(Markup.Escape(where), AssistantOutput.Severity(f.Severity), Markup.Escape(f.Category), text);
            }

            console.Write(table);
        }
        else if (review.Calls > 0 && !review.Partial)
        {
            console.MarkupLine("[green]No findings.[/]");
        }

        if (review.Skipped.Count > 0)
        {
            console.MarkupLine("[grey]Not reviewed:[/]");
            foreach (SkippedFile skipped in review.Skipped)
            {
                console.MarkupLineInterpolated($"[grey]  {skipped.Path}: {skipped.Reason}[/]");
            }
        }

        AssistantOutput.Warnings(console, review.Warnings);
        if (review.Calls > 0)
        {
            string calls = review.Calls > 1 ? $" [grey]({review.Calls} calls)[/]" : "";
            AssistantOutput.Footer(console, review.Model, review.ServedBy, review.InputTokens, review.OutputTokens, review.CostUsd, review.Cached, TimeSpan.FromMilliseconds(review.ElapsedMs));
            if (calls.Length > 0)
            {
                console.MarkupLine(calls.Trim());
            }
        }
    }
}
