using System.Globalization;
using Purser.Assistant.Debugging;
using Spectre.Console;

namespace Purser.Cli.Rendering;

/// <summary>The terminal view of a debugging answer: root cause, explanation, fix, how to verify and prevent.</summary>
internal static class DebugRenderer
{
    public static void Render(IAnsiConsole console, DebugResult result)
    {
        string confidence = result.Confidence switch { "high" => "[green]high[/]", "medium" => "[yellow]medium[/]", _ => "[red]low[/]" };
        string where = result.File is null && result.Line is null ? "" : $" [grey]at {Markup.Escape(result.File ?? "")}{(result.Line is int line ? ":" + line.ToString(CultureInfo.InvariantCulture) : "")}[/]";
        if (result.RootCause.Length > 0)
        {
            console.Write(new Panel(new Markup(Markup.Escape(result.RootCause))).Header($"[bold]Root cause[/]{where} [grey]· confidence[/] {confidence}").Border(BoxBorder.Rounded));
        }

        if (result.Explanation.Length > 0)
        {
            console.MarkupLine("[bold]Explanation[/]");
            AssistantOutput.Text(console, result.Explanation);
        }

        if (result.FixDescription.Length > 0 || result.FixCode.Length > 0)
        {
            console.MarkupLine("[bold]Fix[/]");
            if (result.FixDescription.Length > 0)
            {
                AssistantOutput.Text(console, result.FixDescription);
            }

            if (result.FixCode.Length > 0)
            {
                console.Write(new Panel(new Text(result.FixCode.TrimEnd())).Border(BoxBorder.Square).BorderColor(Color.Grey));
            }
        }

        List("Verify", result.Verification, console);
        List("Prevent", result.Prevention, console);
        List("Other possible causes", result.AlternativeCauses, console);
        AssistantOutput.Warnings(console, result.Warnings);
    }

    private static void List(string title, IReadOnlyList<string> items, IAnsiConsole console)
    {
        if (items.Count == 0)
        {
            return;
        }

        console.MarkupLineInterpolated($"[bold]{title}[/]");
        foreach (string item in items)
        {
            console.MarkupLineInterpolated($" • {item}");
        }
    }
}
