using System.CommandLine;
using System.Globalization;
using Purser.Assistant.Batch;
using Purser.Assistant.Hosting;
using Purser.Assistant.Json;
using Purser.Assistant.Languages;
using Purser.Assistant.Repositories;
using Purser.Assistant.Sarif;
using Purser.Cli.Hosting;
using Purser.Cli.Rendering;
using Spectre.Console;

namespace Purser.Cli.Commands;

/// <summary><c>purser analyze repo &lt;name|path&gt;</c>: scores every source file of a repository, with a live progress bar.</summary>
internal static class AnalyzeRepoCommand
{
    public static Command Create(IAnsiConsole console, CliEnvironment environment)
    {
        var target = new Argument<string>("name-or-path") { Description = "A registered repository (purser repo list) or a folder", DefaultValueFactory = _ => "." };
        var model = AssistantCliOptions.Model();
        var concurrency = new Option<int?>("--concurrency", "-j") { Description = "Files analysed at once (default Purser:Assistant:Batch:Concurrency, 4)" };
        var maxCost = new Option<decimal?>("--max-cost") { Description = "Stop before this run's spend could exceed this many dollars" };
        var languages = new Option<string?>("--languages") { Description = "Only these languages, comma-separated (python,csharp,…)" };
        var all = new Option<bool>("--all") { Description = "Also score data and prose files (JSON, YAML, Markdown …)" };
        var force = AssistantCliOptions.Force();
        var top = new Option<int>("--top") { Description = "Rows in the summary table", DefaultValueFactory = _ => 20 };
        var json = GlobalOptions.Json();
        var sarif = AssistantCliOptions.Sarif();
        var failUnder = AssistantCliOptions.FailUnder("the repository score (the mean overall score of its files)");
        var server = AssistantCliOptions.Server();
        var key = GlobalOptions.Key();
        var command = new Command("repo", "Score every source file of a repository (honours .gitignore, skips binaries and unchanged files) with a summary, worst files first")
        {
            target, model, concurrency, maxCost, languages, all, force, top, json, sarif, failUnder, server, key,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            int? threshold = AnalyzeCommand.CheckThreshold(parse.GetValue(failUnder));
            if (parse.GetValue(maxCost) is decimal limit && limit <= 0)
            {
                throw new CliException("--max-cost must be more than 0.", 2);
            }

            if (parse.GetValue(concurrency) is int c && c is < 1 or > 64)
            {
                throw new CliException("--concurrency must be between 1 and 64.", 2);
            }

            HashSet<string>? only = null;
            if (parse.GetValue(languages) is { } list)
            {
                only = new HashSet<string>(StringComparer.Ordinal);
                foreach (string name in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    only.Add(LanguageDetector.Find(name)?.Id ?? throw new CliException($"--languages: '{name}' is not a language Purser recognises ({string.Join(", ", LanguageDetector.All.Select(l => l.Id))}).", 2));
                }
            }

            await using AssistantSession session = AssistantSession.Create(environment, parse.GetValue(GlobalOptions.Config), parse.GetValue(server), parse.GetValue(key));
            (string root, string repoName) = await ResolveAsync(session, environment, parse.GetValue(target)!, cancellationToken);
            var request = new BatchRequest
            {
                Model = parse.GetValue(model),
                Force = parse.GetValue(force),
                Concurrency = parse.GetValue(concurrency),
                MaxCost = parse.GetValue(maxCost),
                Languages = only,
                IncludeAllKinds = parse.GetValue(all),
                RepositoryName = repoName,
            };
            RepositoryAnalyzer analyzer = session.Get<RepositoryAnalyzer>();
            bool machineOutput = parse.GetValue(json) || (parse.GetResult(sarif) is not null && parse.GetValue(sarif) is null or "-");
            BatchResult result = await RunAsync(console, analyzer, root, request, quiet: machineOutput, cancellationToken);

            bool toStdout = false;
            if (parse.GetResult(sarif) is not null)
            {
                string log = SarifWriter.FromAnalyses(
                    result.Files.Where(f => f.Analysis is not null).Select(f => f.Analysis!),
                    session.Context.Get<AssistantOptions>().Sarif,
                    AssistantCliOptions.ToolVersion,
                    result.Root);
                toStdout = CliPaths.WriteReport(console, environment, parse.GetValue(sarif), log);
            }

            if (parse.GetValue(json))
            {
                AssistantOutput.Json(console, AssistantJson.Serialize(result));
                toStdout = true;
            }

            if (!toStdout)
            {
                BatchRenderer.Render(console, result, Math.Max(1, parse.GetValue(top)));
            }

            if (result.SetupError is { } setup)
            {
                if (toStdout)
                {
                    environment.ErrorOutput().WriteLine(setup);
                }
                else
                {
                    console.MarkupLineInterpolated($"[red]{setup}[/]");
                }

                return 2;
            }

            int gate = AnalyzeCommand.Gate(console, environment, toStdout, threshold, result.AverageOverall, $"Repository {repoName}");
            return gate != 0 ? gate : result.Count(BatchFileStatus.Failed) > 0 && result.Count(BatchFileStatus.Analyzed) + result.Count(BatchFileStatus.Reused) + result.Count(BatchFileStatus.Partial) == 0 ? 1 : 0;
        });
        return command;
    }

    private static async Task<(string Root, string Name)> ResolveAsync(AssistantSession session, CliEnvironment environment, string target, CancellationToken cancellationToken)
    {
        IRepositoryStore repositories = session.Context.Get<IRepositoryStore>();
        string full = environment.FullPath(target);
        if (Directory.Exists(full))
        {
            RepositoryRecord? registered = await repositories.FindAsync(full, cancellationToken);
            return (full, registered?.Name ?? Path.GetFileName(full.TrimEnd(Path.DirectorySeparatorChar)));
        }

        if (await repositories.FindAsync(target, cancellationToken) is { } byName)
        {
            return Directory.Exists(byName.Root)
                ? (byName.Root, byName.Name)
                : throw new CliException($"Repository '{byName.Name}' is registered at {byName.Root}, which no longer exists.");
        }

        throw new CliException($"No such folder or registered repository: {target} (purser repo list shows the registered ones).");
    }

    private static async Task<BatchResult> RunAsync(IAnsiConsole console, RepositoryAnalyzer analyzer, string root, BatchRequest request, bool quiet, CancellationToken cancellationToken)
    {
        if (quiet)
        {
            return await analyzer.AnalyzeAsync(root, request, null, cancellationToken);
        }

        if (!console.Profile.Capabilities.Interactive || !console.Profile.Capabilities.Ansi)
        {
            console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Scanning {root} …"));
            return await analyzer.AnalyzeAsync(root, request, new BatchPlainObserver(console), cancellationToken);
        }

        BatchResult? result = null;
        await console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new SpinnerColumn(), new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new FilesDoneColumn(), new CostSoFarColumn(), new EtaColumn())
            .StartAsync(async context =>
            {
                ProgressTask task = context.AddTask("Scanning files", maxValue: 1);
                task.IsIndeterminate = true;
                task.State.Update<double>(BatchProgressObserver.EtaKey, _ => -1);
                result = await analyzer.AnalyzeAsync(root, request, new BatchProgressObserver(task), cancellationToken);
                task.Description = "Done";
                task.Value = task.MaxValue;
                task.StopTask();
            });
        return result!;
    }
}
