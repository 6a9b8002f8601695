using System.CommandLine;
using Purser.Assistant.Calls;
using Purser.Assistant.Files;
using Purser.Assistant.Questions;
using Purser.Cli.Hosting;
using Spectre.Console;

namespace Purser.Cli.Commands;

/// <summary><c>purser ask "&lt;question&gt;" [--context &lt;files…&gt;]</c>.</summary>
internal static class AskCommand
{
    public static Command Create(IAnsiConsole console, CliEnvironment environment)
    {
        var question = new Argument<string>("question") { Description = "What to ask" };
        var context = new Option<string[]>("--context", "-x")
        {
            Description = "Files the answer should be grounded in",
            AllowMultipleArgumentsPerToken = true,
        };
        var model = AssistantCliOptions.Model();
        var noCache = AssistantCliOptions.NoCache();
        var json = GlobalOptions.Json();
        var server = AssistantCliOptions.Server();
        var key = GlobalOptions.Key();
        var command = new Command("ask", "Ask a question about code, grounded in the files you give as context") { question, context, model, noCache, json, server, key };
        command.SetAction(async (parse, cancellationToken) =>
        {
            string text = parse.GetValue(question)!;
            if (string.IsNullOrWhiteSpace(text))
            {
                throw new CliException("Ask a question: the question is empty.", 2);
            }

            await using AssistantSession session = AssistantSession.Create(environment, parse.GetValue(GlobalOptions.Config), parse.GetValue(server), parse.GetValue(key), parse.GetValue(noCache));
            var files = new List<SourceFile>();
            foreach (string path in parse.GetValue(context) ?? [])
            {
                files.Add(CliPaths.ReadSource(environment, path, long.MaxValue));
            }

            AssistantCall call = await session.Get<QuestionAnswerer>().AskAsync(text, files, parse.GetValue(model), "cli", cancellationToken);
            return AnalyzeCommand.PrintTextAnswer(console, call, parse.GetValue(json));
        });
        return command;
    }
}
