using System.CommandLine;
using Purser.Assistant.CrossCheck;
using Purser.Assistant.Files;
using Purser.Assistant.Hosting;
using Purser.Assistant.Json;
using Purser.Assistant.Languages;
using Purser.Assistant.Sarif;
using Purser.Assistant.Validation;
using Purser.Cli.Hosting;
using Purser.Cli.Rendering;
using Spectre.Console;

namespace Purser.Cli.Commands;

/// <summary><c>purser validate &lt;file|folder|-&gt;</c>: the seven deterministic checks, and on request a second model's review of critical code.</summary>
internal static class ValidateCommand
{
    public static Command Create(IAnsiConsole console, CliEnvironment environment)
    {
        var path = new Argument<string>("path") { Description = "A file, a folder (every C#, Python, JavaScript, TypeScript, JSON, YAML and XML file; .gitignore honoured), or - for standard input" };
        var language = new Option<string?>("--language", "-l") { Description = "The code's language (default: from the file name or shebang; needed for standard input)" };
        var threshold = new Option<int?>("--threshold") { Description = "The score a file needs to pass, 0-100 (default: Purser:Validation:Threshold, 95)" };
        var json = GlobalOptions.Json();
        var sarif = AssistantCliOptions.Sarif();
        var failUnder = AssistantCliOptions.FailUnder("any file's score");
        var crossCheck = new Option<bool>("--cross-check") { Description = "Have a second model review critical code (payments, authentication, webhooks, admin, database); priced and in the ledger as cross_validation" };
        var reviewModel = new Option<string?>("--review-model") { Description = "The model for --cross-check (default: Purser:Validation:CrossCheckModel, else the first configured provider)" };
        var task = new Option<string?>("--task") { Description = "With --cross-check: what the code was written for (helps tell critical code)" };
        var server = AssistantCliOptions.Server();
        var key = GlobalOptions.Key();
        var command = new Command("validate", "Check code without a model: syntax (Roslyn, python3, node), security, types, doc comments, error handling, imports, logging; a 0-100 score against a threshold")
        {
            path, language, threshold, json, sarif, failUnder, crossCheck, reviewModel, task, server, key,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            int? gate = AnalyzeCommand.CheckThreshold(parse.GetValue(failUnder));
            if (parse.GetValue(threshold) is < 0 or > 100)
            {
                throw new CliException("--threshold must be between 0 and 100.", 2);
            }

            if (parse.GetValue(language) is { } named && LanguageDetector.Find(named) is null)
            {
                throw new CliException($"--language '{named}' is not a language Purser recognises ({string.Join(", ", LanguageDetector.All.Select(l => l.Id))}).", 2);
            }

            await using AssistantSession session = AssistantSession.Create(environment, parse.GetValue(GlobalOptions.Config), parse.GetValue(server), parse.GetValue(key));
            CodeValidator validator = session.Context.Get<CodeValidator>();
            string target = parse.GetValue(path)!;
            ValidationRun run;
            var texts = new Dictionary<string, SourceFile>(StringComparer.Ordinal);
            if (target == "-")
            {
                string text = environment.Input().ReadToEnd();
                Language? lang = parse.GetValue(language) is { } l ? LanguageDetector.Find(l) : LanguageDetector.Detect("stdin", SourceFile.FirstLine(text));
                if (lang is null)
                {
                    throw new CliException("Give --language for code on standard input (e.g. --language python).", 2);
                }

                SourceFile file = SourceFile.FromText("stdin", text, lang);
                texts[file.DisplayPath] = file;
                run = new ValidationRun { Path = "-", Threshold = parse.GetValue(threshold) ?? validator.Options.Threshold, Files = [validator.Validate(file, parse.GetValue(threshold))] };
            }
            else
            {
                string full = environment.FullPath(target);
                try
                {
                    run = validator.ValidatePath(full, CliPaths.Display(environment, full), parse.GetValue(threshold), parse.GetValue(language), cancellationToken);
                }
                catch (FileNotFoundException)
                {
                    throw new CliException($"No such file or folder: {target}");
                }
                catch (DirectoryNotFoundException)
                {
                    throw new CliException($"No such file or folder: {target}");
                }
            }

            if (parse.GetValue(crossCheck))
            {
                run = await CrossCheckAsync(session, environment, run, texts, parse.GetValue(task), parse.GetValue(reviewModel), cancellationToken);
            }

            bool toStdout = false;
            if (parse.GetResult(sarif) is not null)
            {
                string log = SarifWriter.FromValidation(run, session.Context.Get<AssistantOptions>().Sarif, AssistantCliOptions.ToolVersion, environment.WorkingDirectory);
                toStdout = CliPaths.WriteReport(console, environment, parse.GetValue(sarif), log);
            }

            if (parse.GetValue(json))
            {
                AssistantOutput.Json(console, AssistantJson.Serialize(run));
                toStdout = true;
            }

            if (!toStdout)
            {
                ValidationRenderer.Render(console, run);
            }

            if (run.Files.Count == 0)
            {
                string message = $"Nothing to validate in {target}: no {string.Join(", ", CodeValidator.Languages)} files.";
                if (toStdout)
                {
                    environment.ErrorOutput().WriteLine(message);
                }
                else
                {
                    console.MarkupLineInterpolated($"[yellow]! {message}[/]");
                }

                return gate is null ? 0 : 1;
            }

            string what = run.Files.Count == 1 ? run.Files[0].Path : $"The lowest-scoring file of {target}";
            return AnalyzeCommand.Gate(console, environment, toStdout, gate, run.Lowest, what);
        });
        return command;
    }

    private static async Task<ValidationRun> CrossCheckAsync(AssistantSession session, CliEnvironment environment, ValidationRun run, Dictionary<string, SourceFile> texts, string? task, string? model, CancellationToken cancellationToken)
    {
        CrossChecker checker = session.Get<CrossChecker>();
        var files = new List<ValidationReport>();
        decimal? cost = 0m;
        foreach (ValidationReport report in run.Files)
        {
            SourceFile? file = texts.GetValueOrDefault(report.Path);
            if (file is null)
            {
                string full = environment.FullPath(report.Path);
                file = File.Exists(full) ? SourceFileReader.Read(full, report.Path) : null;
            }

            if (file is null)
            {
                files.Add(report);
                continue;
            }

            CrossCheckOutcome outcome = await checker.ReviewAsync(file, RiskDetector.Detect(file.Text, task), task, null, model, "cli", cancellationToken);
            if (outcome.Call is { } call)
            {
                cost = cost is null || (call.CostUsd is null && call.Succeeded) ? null : cost + (call.CostUsd ?? 0);
            }

            files.Add(CrossChecker.Join(report, outcome));
        }

        return run with { Files = files, CostUsd = cost };
    }
}
