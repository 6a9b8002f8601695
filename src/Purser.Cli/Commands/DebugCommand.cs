using System.CommandLine;
using Purser.Assistant.Calls;
using Purser.Assistant.Debugging;
using Purser.Assistant.Files;
using Purser.Cli.Hosting;
using Purser.Cli.Rendering;
using Spectre.Console;

namespace Purser.Cli.Commands;

/// <summary><c>purser debug &lt;file&gt; --error-log &lt;file|-&gt;</c>.</summary>
internal static class DebugCommand
{
    public static Command Create(IAnsiConsole console, CliEnvironment environment)
    {
        var file = new Argument<string>("file") { Description = "The source file the error comes from" };
        var log = new Option<string>("--error-log", "-e") { Description = "The error log, stack trace or failing output: a file, or - for standard input", Required = true };
        var model = AssistantCliOptions.Model();
        var noCache = AssistantCliOptions.NoCache();
        var json = GlobalOptions.Json();
        var server = AssistantCliOptions.Server();
        var key = GlobalOptions.Key();
        var command = new Command("debug", "Find the root cause of an error from the code and its error log, with a minimal fix") { file, log, model, noCache, json, server, key };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using AssistantSession session = AssistantSession.Create(environment, parse.GetValue(GlobalOptions.Config), parse.GetValue(server), parse.GetValue(key), parse.GetValue(noCache));
            SourceFile code = CliPaths.ReadSource(environment, parse.GetValue(file)!, long.MaxValue);
            string errorLog = CliPaths.ReadText(environment, parse.GetValue(log)!, "error log");
            DebugOutcome outcome = await session.Get<ErrorDebugger>().DebugAsync(code, errorLog, parse.GetValue(model), "cli", cancellationToken);
            if (outcome.Refusal is { } refusal)
            {
                return AssistantOutput.Refusal(console, refusal, AssistantOutput.MachineErrors(parse, environment));
            }

            AssistantCall call = outcome.Call!;
            if (parse.GetValue(json))
            {
                AssistantOutput.Json(console, outcome.Result is { } parsed ? AnswerEnvelope.FromDebug(call, parsed) : AnswerEnvelope.FromCall(call));
                return call.Succeeded ? 0 : call.Error!.Kind == "no_provider" ? 2 : 1;
            }

            if (!call.Succeeded)
            {
                return AssistantOutput.Error(console, call.Error!);
            }

            DebugRenderer.Render(console, outcome.Result!);
            AssistantOutput.Footer(console, call);
            return 0;
        });
        return command;
    }
}
