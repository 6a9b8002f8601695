using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Purser.Assistant.Calls;
using Purser.Assistant.Json;
using Purser.Assistant.Limits;
using Purser.Cli.Hosting;
using Purser.Pricing;
using Spectre.Console;

namespace Purser.Cli.Rendering;

/// <summary>What every assistant command prints the same way: cost lines, warnings, errors, JSON.</summary>
internal static class AssistantOutput
{
    /// <summary>One line: model, tokens, cost, time — or that the answer came from a store or cache at no cost.</summary>
    public static void Footer(IAnsiConsole console, string model, string? servedBy, long input, long output, decimal? cost, bool cached, TimeSpan elapsed)
    {
        string who = servedBy is { Length: > 0 } && !string.Equals(servedBy, model, StringComparison.Ordinal) ? $"{model} → {servedBy}" : model;
        string costText = cost is decimal c ? CostFormatter.Format(c) : "unknown (no price for this model)";
        string cache = cached ? " · [green]cache hit[/]" : "";
        console.MarkupLine(
            $"[grey]Model[/] {Markup.Escape(who)} [grey]·[/] {N(input)} in / {N(output)} out tokens [grey]·[/] cost [bold]{Markup.Escape(costText)}[/]{cache} [grey]·[/] {Seconds(elapsed)}");
    }

    public static void Footer(IAnsiConsole console, AssistantCall call) =>
        Footer(console, call.Model, call.ServedBy, call.Usage.InputTokens, call.Usage.OutputTokens, call.CostUsd, call.Cached, call.Elapsed);

    public static void Warnings(IAnsiConsole console, IEnumerable<string> warnings)
    {
        foreach (string warning in warnings.Distinct(StringComparer.Ordinal))
        {
            console.MarkupLineInterpolated($"[yellow]! {warning}[/]");
        }
    }

    /// <summary>
    /// Prints a failed call and returns the exit code: 2 when Purser is not set up (no provider), 1 otherwise.
    /// With <paramref name="machine"/> (see <see cref="MachineErrors"/>) the message goes there as plain text instead.
    /// </summary>
    public static int Error(IAnsiConsole console, AssistantError error, TextWriter? machine = null)
    {
        Print(console, error.Message, machine);
        return error.Kind == "no_provider" ? 2 : 1;
    }

    public static int Refusal(IAnsiConsole console, LimitViolation refusal, TextWriter? machine = null)
    {
        Print(console, refusal.Message, machine);
        return 1;
    }

    /// <summary>
    /// Standard error when standard output carries a machine-readable report (<c>--json</c>, or <c>--sarif</c> with no
    /// file), so errors never end up inside what a script parses; null otherwise (errors go to the console).
    /// </summary>
    public static TextWriter? MachineErrors(ParseResult parse, CliEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(environment);
        IList<Option> options = parse.CommandResult.Command.Options;
        if (parse.CommandResult.Command.Name == "run")
        {
            // The terminal belongs to the agent: purser run says everything on standard error.
            return environment.ErrorOutput();
        }

        bool json = options.Any(o => o is Option<bool> { Name: "--json" }) && parse.GetValue<bool>("--json");
        bool sarif = options.Any(o => o.Name == "--sarif") && parse.GetResult("--sarif") is not null && parse.GetValue<string?>("--sarif") is null;
        return json || sarif ? environment.ErrorOutput() : null;
    }

    private static void Print(IAnsiConsole console, string message, TextWriter? machine)
    {
        if (machine is null)
        {
            console.MarkupLineInterpolated($"[red]{message}[/]");
        }
        else
        {
            machine.WriteLine(message);
        }
    }

    public static void Json(IAnsiConsole console, JsonNode? node) => console.Profile.Out.Writer.WriteLine(AssistantJson.Write(node));

    public static void Json(IAnsiConsole console, string json) => console.Profile.Out.Writer.WriteLine(json);

    /// <summary>Prints model text as it is (never as markup).</summary>
    public static void Text(IAnsiConsole console, string text)
    {
        console.Write(new Text(text.TrimEnd() + "\n"));
    }

    public static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    public static string Seconds(TimeSpan elapsed) =>
        elapsed.TotalSeconds < 10 ? elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s" : elapsed.TotalSeconds.ToString("0", CultureInfo.InvariantCulture) + " s";

    /// <summary>A score with its colour: green from 80, yellow from 60, red below; grey dash when missing.</summary>
    public static string Score(int? score) => score switch
    {
        null => "[grey]-[/]",
        >= 80 => $"[green]{score}[/]",
        >= 60 => $"[yellow]{score}[/]",
        _ => $"[red]{score}[/]",
    };

    public static string Color(int? score) => score switch { null => "grey", >= 80 => "green", >= 60 => "yellow", _ => "red" };

    /// <summary>A 20-cell bar for a 0-100 score.</summary>
    public static string Bar(int? score)
    {
        if (score is not int s)
        {
            return "[grey]" + new string('·', 20) + "[/]";
        }

        int filled = (int)Math.Round(s / 5.0, MidpointRounding.AwayFromZero);
        return $"[{Color(s)}]{new string('█', filled)}[/][grey]{new string('░', 20 - filled)}[/]";
    }

    public static string Severity(string severity) => severity switch
    {
        "error" => "[red]error[/]",
        "warning" => "[yellow]warning[/]",
        _ => "[blue]note[/]",
    };
}
