using System.CommandLine;
using Purser.Assistant.Architecture;
using Purser.Assistant.Calls;
using Purser.Cli.Hosting;
using Purser.Cli.Rendering;
using Spectre.Console;

namespace Purser.Cli.Commands;

/// <summary><c>purser architect "&lt;request&gt;" --stack … --scale … --database …</c>.</summary>
internal static class ArchitectCommand
{
    public static Command Create(IAnsiConsole console, CliEnvironment environment)
    {
        var request = new Argument<string>("request") { Description = "What to design, e.g. \"a URL shortener with analytics\"" };
        var stack = new Option<string?>("--stack") { Description = "Technology stack to design for (default: the model recommends one)" };
        var scale = new Option<string?>("--scale") { Description = "Expected scale, e.g. \"10K daily users\"" };
        var database = new Option<string?>("--database") { Description = "Database to design for, e.g. PostgreSQL" };
        var output = new Option<string?>("--output", "-o") { Description = "Also write the design document (markdown) to this file" };
        var model = AssistantCliOptions.Model();
        var noCache = AssistantCliOptions.NoCache();
        var json = GlobalOptions.Json();
        var server = AssistantCliOptions.Server();
        var key = GlobalOptions.Key();
        var command = new Command("architect", "Draft a system design document (markdown, with diagrams) for a request, stack, scale and database")
        {
            request, stack, scale, database, output, model, noCache, json, server, key,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using AssistantSession session = AssistantSession.Create(environment, parse.GetValue(GlobalOptions.Config), parse.GetValue(server), parse.GetValue(key), parse.GetValue(noCache));
            ArchitectureDesigner designer = session.Get<ArchitectureDesigner>();
            var design = new ArchitectureRequest
            {
                Request = parse.GetValue(request)!,
                TechStack = parse.GetValue(stack),
                Scale = parse.GetValue(scale),
                Database = parse.GetValue(database),
                Model = parse.GetValue(model),
            };
            if (designer.Check(design) is { } refusal)
            {
                return AssistantOutput.Refusal(console, refusal, AssistantOutput.MachineErrors(parse, environment));
            }

            AssistantCall call = await designer.DesignAsync(design, cancellationToken);
            if (call.Succeeded && parse.GetValue(output) is { } file)
            {
                CliPaths.WriteReport(console, environment, file, call.Text.TrimEnd());
            }

            int code = AnalyzeCommand.PrintTextAnswer(console, call, parse.GetValue(json));
            if (call.Succeeded && parse.GetValue(output) is { } written && !parse.GetValue(json))
            {
                console.MarkupLineInterpolated($"[grey]Written to {written}.[/]");
            }

            return code;
        });
        return command;
    }
}
