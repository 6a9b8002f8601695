using System.CommandLine;
using Purser.Assistant.Analysis;
using Purser.Assistant.Calls;
using Purser.Assistant.Files;
using Purser.Assistant.Hosting;
using Purser.Assistant.Json;
using Purser.Assistant.Languages;
using Purser.Assistant.Sarif;
using Purser.Cli.Hosting;
using Purser.Cli.Rendering;
using Spectre.Console;

namespace Purser.Cli.Commands;

/// <summary><c>purser analyze file|quick|repo</c>: scores code with a model.</summary>
internal static class AnalyzeCommand
{
    public static Command Create(IAnsiConsole console, CliEnvironment environment)
    {
        var command = new Command("analyze", "Score code with a model: one file, a quick look at a snippet, or a whole repository")
        {
            File(console, environment),
            Quick(console, environment),
            AnalyzeRepoCommand.Create(console, environment),
        };
        return command;
    }

    private static Command File(IAnsiConsole console, CliEnvironment environment)
    {
        var path = new Argument<string>("path") { Description = "The file to score" };
        var model = AssistantCliOptions.Model();
        var json = GlobalOptions.Json();
        var sarif = AssistantCliOptions.Sarif();
        var failUnder = AssistantCliOptions.FailUnder("the overall score");
        var force = AssistantCliOptions.Force();
        var server = AssistantCliOptions.Server();
        var key = GlobalOptions.Key();
        var command = new Command("file", "Score a file 0-100 (overall, security, quality, complexity, maintainability) with issues and suggestions")
        {
            path, model, json, sarif, failUnder, force, server, key,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            int? threshold = CheckThreshold(parse.GetValue(failUnder));
            await using AssistantSession session = AssistantSession.Create(environment, parse.GetValue(GlobalOptions.Config), parse.GetValue(server), parse.GetValue(key));
            FileAnalyzer analyzer = session.Get<FileAnalyzer>();
            SourceFile file = CliPaths.ReadSource(environment, parse.GetValue(path)!, analyzer.Limits.MaxCodeBytes);
            long started = session.Context.Get<TimeProvider>().GetTimestamp();
            FileAnalysisOutcome outcome = await analyzer.AnalyzeAsync(file, new FileAnalysisRequest { Model = parse.GetValue(model), Force = parse.GetValue(force) }, cancellationToken);
            if (outcome.Refusal is { } refusal)
            {
                return AssistantOutput.Refusal(console, refusal, AssistantOutput.MachineErrors(parse, environment));
            }

            if (outcome.Error is { } error)
            {
                return AssistantOutput.Error(console, error, AssistantOutput.MachineErrors(parse, environment));
            }

            FileAnalysis analysis = outcome.Analysis!;
            bool toStdout = false;
            if (parse.GetResult(sarif) is not null)
            {
                string log = SarifWriter.FromAnalyses([analysis], session.Context.Get<AssistantOptions>().Sarif, AssistantCliOptions.ToolVersion, environment.WorkingDirectory);
                toStdout = CliPaths.WriteReport(console, environment, parse.GetValue(sarif), log);
            }

            if (parse.GetValue(json))
            {
                AssistantOutput.Json(console, AssistantJson.Serialize(analysis));
                toStdout = true;
            }

            if (!toStdout)
            {
                AnalysisRenderer.Render(console, analysis, session.Context.Get<TimeProvider>().GetElapsedTime(started));
            }

            return Gate(console, environment, toStdout, threshold, analysis.Scores.Overall, analysis.Path);
        });
        return command;
    }

    private static Command Quick(IAnsiConsole console, CliEnvironment environment)
    {
        var input = new Argument<string>("code-or-path") { Description = "Code, a file, or - to read standard input" };
        var language = new Option<string?>("--language", "-l") { Description = "The code's language (default: from the file name or shebang; the model infers it otherwise)" };
        var model = AssistantCliOptions.Model();
        var noCache = AssistantCliOptions.NoCache();
        var json = GlobalOptions.Json();
        var server = AssistantCliOptions.Server();
        var key = GlobalOptions.Key();
        var command = new Command("quick", "A fast, short second opinion on a snippet or file: verdict, the main issues, one suggestion")
        {
            input, language, model, noCache, json, server, key,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using AssistantSession session = AssistantSession.Create(environment, parse.GetValue(GlobalOptions.Config), parse.GetValue(server), parse.GetValue(key), parse.GetValue(noCache));
            QuickAnalyzer analyzer = session.Get<QuickAnalyzer>();
            string value = parse.GetValue(input)!;
            Language? named = null;
            if (parse.GetValue(language) is { } name && (named = LanguageDetector.Find(name)) is null)
            {
                throw new CliException($"--language '{name}' is not a language Purser recognises ({string.Join(", ", LanguageDetector.All.Select(l => l.Id))}).", 2);
            }

            SourceFile code = value == "-"
                ? SourceFile.FromText("stdin", environment.Input().ReadToEnd(), named)
                : System.IO.File.Exists(environment.FullPath(value)) && !value.Contains('\n', StringComparison.Ordinal)
                    ? CliPaths.ReadSource(environment, value, long.MaxValue)
                    : SourceFile.FromText("snippet", value, named);
            if (named is not null && code.Language != named)
            {
                code = SourceFile.FromText(code.DisplayPath, code.Text, named);
            }

            if (analyzer.Check(code) is { } refusal)
            {
                return AssistantOutput.Refusal(console, refusal, AssistantOutput.MachineErrors(parse, environment));
            }

            AssistantCall call = await analyzer.AnalyzeAsync(code, parse.GetValue(model), "cli", cancellationToken);
            return PrintTextAnswer(console, call, parse.GetValue(json));
        });
        return command;
    }

    /// <summary>Prints a text answer (quick, ask, architect) or its JSON envelope; returns the exit code.</summary>
    internal static int PrintTextAnswer(IAnsiConsole console, AssistantCall call, bool json)
    {
        if (json)
        {
            AssistantOutput.Json(console, AnswerEnvelope.FromCall(call));
            return call.Succeeded ? 0 : call.Error!.Kind == "no_provider" ? 2 : 1;
        }

        if (!call.Succeeded)
        {
            return AssistantOutput.Error(console, call.Error!);
        }

        if (call.Text.Trim().Length == 0)
        {
            console.MarkupLine("[yellow]! The model's answer was empty.[/]");
        }
        else
        {
            AssistantOutput.Text(console, call.Text);
        }

        AssistantOutput.Warnings(console, call.Warnings);
        AssistantOutput.Footer(console, call);
        return 0;
    }

    internal static int? CheckThreshold(int? threshold) =>
        threshold is < 0 or > 100 ? throw new CliException("--fail-under must be between 0 and 100.", 2) : threshold;

    /// <summary>Applies --fail-under: exit code 1 when the score is below it or missing.</summary>
    internal static int Gate(IAnsiConsole console, CliEnvironment environment, bool quiet, int? threshold, double? score, string what)
    {
        if (threshold is not int limit)
        {
            return 0;
        }

        string? message = score switch
        {
            null => $"{what} has no score to check against --fail-under {limit} (the model's answer was incomplete).",
            double s when s < limit => $"{what} scores {s.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture)}, below --fail-under {limit}.",
            _ => null,
        };
        if (message is null)
        {
            return 0;
        }

        if (quiet)
        {
            environment.ErrorOutput().WriteLine(message);
        }
        else
        {
            console.MarkupLineInterpolated($"[red]{message}[/]");
        }

        return 1;
    }
}
