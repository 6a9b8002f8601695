using System.CommandLine;
using Purser.Assistant.Calls;
using Purser.Assistant.Hosting;
using Purser.Assistant.Review;
using Purser.Assistant.Sarif;
using Purser.Cli.Hosting;
using Purser.Cli.Rendering;
using Spectre.Console;

namespace Purser.Cli.Commands;

/// <summary><c>purser review [--staged | --base &lt;ref&gt; | --diff &lt;file|-&gt;]</c>: reviews a git diff.</summary>
internal static class ReviewCommand
{
    public static Command Create(IAnsiConsole console, CliEnvironment environment)
    {
        var staged = new Option<bool>("--staged") { Description = "Review the staged changes (git diff --cached)" };
        var baseRef = new Option<string?>("--base") { Description = "Review the commits since the merge base with this ref (git diff <ref>...HEAD), as a pull request shows them" };
        var diffFile = new Option<string?>("--diff") { Description = "Review this unified diff (a file, or - for standard input) instead of asking git" };
        var failOn = new Option<string>("--fail-on") { Description = "Exit with code 1 when there is a finding of this severity or worse: error, warning, note or never", DefaultValueFactory = _ => "never" };
        failOn.AcceptOnlyFromAmong("error", "warning", "note", "never");
        var model = AssistantCliOptions.Model();
        var noCache = AssistantCliOptions.NoCache();
        var json = GlobalOptions.Json();
        var sarif = AssistantCliOptions.Sarif();
        var server = AssistantCliOptions.Server();
        var key = GlobalOptions.Key();
        var command = new Command("review", "Review your changes with a model: uncommitted by default, --staged, or --base <ref>; large diffs are split or clipped")
        {
            staged, baseRef, diffFile, failOn, model, noCache, json, sarif, server, key,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            int sources = (parse.GetValue(staged) ? 1 : 0) + (parse.GetValue(baseRef) is null ? 0 : 1) + (parse.GetValue(diffFile) is null ? 0 : 1);
            if (sources > 1)
            {
                throw new CliException("Choose one of --staged, --base and --diff.", 2);
            }

            string diff;
            string what;
            string root = environment.WorkingDirectory;
            if (parse.GetValue(diffFile) is { } file)
            {
                diff = CliPaths.ReadText(environment, file, "diff");
                what = file == "-" ? "the diff on standard input" : file;
            }
            else
            {
                DiffSource source = parse.GetValue(staged) ? DiffSource.Staged : parse.GetValue(baseRef) is null ? DiffSource.WorkingTree : DiffSource.Base;
                (string? text, string? error, string description) = await GitDiffReader.ReadAsync(environment.WorkingDirectory, source, parse.GetValue(baseRef), cancellationToken);
                if (error is not null)
                {
                    throw new CliException(error);
                }

                diff = text!;
                what = description;
                root = await GitDiffReader.TopLevelAsync(environment.WorkingDirectory, cancellationToken) ?? root;
            }

            if (UnifiedDiff.Parse(diff).Count == 0)
            {
                string nothing = $"Nothing to review: {what} shows no changes.";
                bool report = false;
                if (parse.GetResult(sarif) is not null || parse.GetValue(json))
                {
                    // A CI step still gets a valid (empty) report to parse or upload.
                    await using CliContext context = CliContext.Create(environment, parse.GetValue(GlobalOptions.Config));
                    var empty = new ReviewResult { Summary = nothing, CostUsd = 0m };
                    if (parse.GetResult(sarif) is not null)
                    {
                        string log = SarifWriter.FromReview(empty, context.Get<AssistantOptions>().Sarif, AssistantCliOptions.ToolVersion, root);
                        report = CliPaths.WriteReport(console, environment, parse.GetValue(sarif), log);
                    }

                    if (parse.GetValue(json))
                    {
                        AssistantOutput.Json(console, AnswerEnvelope.FromReview(empty));
                        report = true;
                    }
                }

                if (report)
                {
                    environment.ErrorOutput().WriteLine(nothing);
                }
                else
                {
                    console.MarkupLineInterpolated($"[green]{nothing}[/]");
                }

                return 0;
            }

            await using AssistantSession session = AssistantSession.Create(environment, parse.GetValue(GlobalOptions.Config), parse.GetValue(server), parse.GetValue(key), parse.GetValue(noCache));
            ReviewOutcome outcome = await session.Get<CodeReviewer>().ReviewDiffAsync(diff, new ReviewRequest { Model = parse.GetValue(model), Repository = Path.GetFileName(root.TrimEnd('/', '\\')) }, cancellationToken);
            if (outcome.Error is { } failure)
            {
                return AssistantOutput.Error(console, failure, AssistantOutput.MachineErrors(parse, environment));
            }

            ReviewResult review = outcome.Result!;
            bool toStdout = false;
            if (parse.GetResult(sarif) is not null)
            {
                string log = SarifWriter.FromReview(review, session.Context.Get<AssistantOptions>().Sarif, AssistantCliOptions.ToolVersion, root);
                toStdout = CliPaths.WriteReport(console, environment, parse.GetValue(sarif), log);
            }

            if (parse.GetValue(json))
            {
                AssistantOutput.Json(console, AnswerEnvelope.FromReview(review));
                toStdout = true;
            }

            if (!toStdout)
            {
                ReviewRenderer.Render(console, review, what);
            }

            int threshold = parse.GetValue(failOn) switch { "error" => 0, "warning" => 1, "note" => 2, _ => -1 };
            int failing = threshold < 0 ? 0 : review.Findings.Count(f => (f.Severity switch { "error" => 0, "warning" => 1, _ => 2 }) <= threshold);
            if (failing > 0)
            {
                string message = $"{failing} finding(s) at --fail-on {parse.GetValue(failOn)} or worse.";
                if (toStdout)
                {
                    environment.ErrorOutput().WriteLine(message);
                }
                else
                {
                    console.MarkupLineInterpolated($"[red]{message}[/]");
                }

                return 1;
            }

            return 0;
        });
        return command;
    }
}
