using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Purser.Assistant.Generation;
using Purser.Assistant.Json;
using Purser.Assistant.Languages;
using Purser.Cli.Hosting;
using Purser.Cli.Rendering;
using Spectre.Console;

namespace Purser.Cli.Commands;

/// <summary><c>purser generate "&lt;task&gt;"</c>: learned template → model → validate (one repair round) → cross-check → learn.</summary>
internal static class GenerateCommand
{
    public static Command Create(IAnsiConsole console, CliEnvironment environment)
    {
        var task = new Argument<string>("task") { Description = "What to write, e.g. \"Create a Xero API client\"" };
        var stack = new Option<string?>("--stack", "-s") { Description = "The technology stack, comma-separated (e.g. \"FastAPI,httpx\")" };
        var language = new Option<string?>("--language", "-l") { Description = "The language (e.g. python, csharp, typescript)" };
        var output = new Option<string?>("--out", "-o") { Description = "Write the code here instead of printing it: a file for one file, a folder for several" };
        var model = AssistantCliOptions.Model();
        var reviewModel = new Option<string?>("--review-model") { Description = "The model for the review of critical code (default: another configured provider)" };
        var noTemplate = new Option<bool>("--no-template") { Description = "Do not answer from a learned template (at a hard budget limit a template is still used rather than failing)" };
        var threshold = new Option<int?>("--threshold") { Description = "The validation score the code needs, 0-100 (default: Purser:Validation:Threshold, 95)" };
        var json = GlobalOptions.Json();
        var server = AssistantCliOptions.Server();
        var key = GlobalOptions.Key();
        var command = new Command("generate", "Generate code the hybrid way: a learned template (free), else a model; validated, repaired once, reviewed when critical, learned when it scores 90+")
        {
            task, stack, language, output, model, reviewModel, noTemplate, threshold, json, server, key,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(threshold) is < 0 or > 100)
            {
                throw new CliException("--threshold must be between 0 and 100.", 2);
            }

            if (parse.GetValue(language) is { } named && LanguageDetector.Find(named) is null)
            {
                throw new CliException($"--language '{named}' is not a language Purser recognises ({string.Join(", ", LanguageDetector.All.Select(l => l.Id))}).", 2);
            }

            string text = parse.GetValue(task)!.Trim();
            if (text.Length == 0)
            {
                throw new CliException("Describe what to generate: the task is empty.", 2);
            }

            var request = new GenerationRequest
            {
                Task = text,
                Stack = (parse.GetValue(stack) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                Language = parse.GetValue(language),
                Model = parse.GetValue(model),
                ReviewModel = parse.GetValue(reviewModel),
                NoTemplate = parse.GetValue(noTemplate),
                Threshold = parse.GetValue(threshold),
            };
            GenerationResult result;
            if (parse.GetValue(server) is { } url)
            {
                using RemoteGateway gateway = RemoteGateway.Create(url, parse.GetValue(key), environment);
                string body = await gateway.PostJsonAsync("/api/generate", Body(request), cancellationToken);
                result = JsonSerializer.Deserialize(body, AssistantJsonContext.Default.GenerationResult) ?? throw new CliException($"The gateway at {url} sent no generation.");
            }
            else
            {
                await using AssistantSession session = AssistantSession.Create(environment, parse.GetValue(GlobalOptions.Config), null, null);
                result = await session.Get<CodeGenerator>().GenerateAsync(request, cancellationToken);
            }

            if (parse.GetValue(json))
            {
                AssistantOutput.Json(console, AssistantJson.Serialize(result));
                return result.Succeeded ? 0 : result.Error!.Kind == "no_provider" ? 2 : 1;
            }

            if (!result.Succeeded)
            {
                GenerationRenderer.Steps(console, result);
                return AssistantOutput.Error(console, result.Error!);
            }

            if (parse.GetValue(output) is { } target)
            {
                foreach (string written in Write(environment, target, result))
                {
                    console.MarkupLineInterpolated($"[green]Wrote[/] {written}");
                }
            }
            else
            {
                AssistantOutput.Text(console, result.Files.Count == 1 ? result.Files[0].Code : result.Answer);
            }

            GenerationRenderer.Render(console, result);
            return 0;
        });
        return command;
    }

    private static string Body(GenerationRequest request)
    {
        var body = new JsonObject
        {
            ["task"] = request.Task,
            ["stack"] = new JsonArray([.. request.Stack.Select(s => (JsonNode?)JsonValue.Create(s))]),
            ["language"] = request.Language,
            ["model"] = request.Model,
            ["review_model"] = request.ReviewModel,
            ["no_template"] = request.NoTemplate,
            ["threshold"] = request.Threshold,
        };
        return body.ToJsonString();
    }

    /// <summary>One file to the path; several files under the folder (paths that would leave it are refused).</summary>
    private static List<string> Write(CliEnvironment environment, string target, GenerationResult result)
    {
        string full = environment.FullPath(target);
        var written = new List<string>();
        try
        {
            if (result.Files.Count <= 1)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                File.WriteAllText(full, result.Files.Count == 1 ? result.Files[0].Code : result.Answer);
                written.Add(CliPaths.Display(environment, full));
                return written;
            }

            string root = Path.GetFullPath(full + Path.DirectorySeparatorChar);
            foreach (GeneratedFile file in result.Files)
            {
                string path = Path.GetFullPath(Path.Combine(root, file.Path.TrimStart('/', '\\')));
                if (!path.StartsWith(root, StringComparison.Ordinal))
                {
                    throw new CliException($"The generated file path '{file.Path}' leaves {target}; nothing was written for it.");
                }

                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, file.Code);
                written.Add(CliPaths.Display(environment, path));
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"Cannot write {target}: {ex.Message}");
        }

        return written;
    }
}
