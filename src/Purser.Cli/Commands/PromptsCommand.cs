using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Purser.Cli.Hosting;
using Purser.Prompts;
using Purser.Cli.Rendering;
using Spectre.Console;

namespace Purser.Cli.Commands;

/// <summary><c>purser prompts list|show|render</c>: the prompt library ("system brain").</summary>
internal static class PromptsCommand
{
    public static Command Create(IAnsiConsole console, CliEnvironment environment)
    {
        var command = new Command("prompts", "The prompt library: shipped prompts and your overrides (<PURSER_HOME>/prompts.json)");

        var listJson = GlobalOptions.Json();
        var list = new Command("list", "List the prompts") { listJson };
        list.SetAction(async (parse, _) =>
        {
            await using CliContext context = CliContext.Create(environment, parse.GetValue(GlobalOptions.Config));
            PromptLibrary library = context.Get<PromptLibrary>();
            if (parse.GetValue(listJson))
            {
                var array = new JsonArray([.. library.Prompts.Select(p => (JsonNode)new JsonObject
                {
                    ["name"] = p.Name,
                    ["description"] = p.Description,
                    ["tier"] = p.Tier.ToString().ToLowerInvariant(),
                    ["target"] = p.Target,
                    ["response_format"] = p.ResponseFormat.ToString().ToLowerInvariant(),
                    ["max_tokens"] = p.MaxTokens,
                    ["temperature"] = p.Temperature,
                    ["version"] = p.Version,
                    ["source"] = p.Source.ToString().ToLowerInvariant(),
                    ["variables"] = new JsonArray([.. p.Variables.Select(v => (JsonNode)v)]),
                })]);
                console.Profile.Out.Writer.WriteLine(array.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
                return 0;
            }

            var table = new Table().Border(TableBorder.Rounded).Title("[bold]Prompts[/]");
            table.AddColumn("Name").AddColumn("Target").AddColumn("Format").AddColumn("Version").AddColumn("Source").AddColumn("Description");
            foreach (PromptDefinition p in library.Prompts)
            {
                table.AddRow(Markup.Escape(p.Name), Markup.Escape(p.Target), p.ResponseFormat.ToString().ToLowerInvariant(), Markup.Escape(p.Version), p.Source.ToString().ToLowerInvariant(), Markup.Escape(p.Description));
            }

            console.Write(table);
            console.MarkupLineInterpolated($"[grey]Overrides file: {library.Status.UserFile ?? "(none)"}[/]");
            if (library.Status.LastError is { } error)
            {
                console.MarkupLineInterpolated($"[yellow]The overrides file is not in effect: {error}[/]");
            }

            return 0;
        });

        var showName = new Argument<string>("name") { Description = "Prompt name" };
        var showJson = GlobalOptions.Json();
        var show = new Command("show", "Show one prompt: system prompt, template, variables, parameters") { showName, showJson };
        show.SetAction(async (parse, _) =>
        {
            await using CliContext context = CliContext.Create(environment, parse.GetValue(GlobalOptions.Config));
            PromptDefinition p = Find(context.Get<PromptLibrary>(), parse.GetValue(showName)!);
            if (parse.GetValue(showJson))
            {
                console.Profile.Out.Writer.WriteLine(new JsonObject
                {
                    ["name"] = p.Name,
                    ["system_prompt"] = p.SystemPrompt,
                    ["template"] = p.Template,
                    ["variables"] = new JsonArray([.. p.Variables.Select(v => (JsonNode)v)]),
                    ["required_variables"] = new JsonArray([.. p.RequiredVariables.Select(v => (JsonNode)v)]),
                    ["max_tokens"] = p.MaxTokens,
                    ["temperature"] = p.Temperature,
                    ["target"] = p.Target,
                    ["version"] = p.Version,
                }.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
                return 0;
            }

            console.Write(ConsoleWidth.Stretching(console, new Panel(Markup.Escape(p.SystemPrompt)).Header($"[bold]{Markup.Escape(p.Name)}[/] system prompt").Expand()));
            console.Write(ConsoleWidth.Stretching(console, new Panel(Markup.Escape(p.Template)).Header("template").Expand()));
            console.MarkupLineInterpolated($"variables: {string.Join(", ", p.Variables)} (required: {string.Join(", ", p.RequiredVariables)})");
            console.MarkupLineInterpolated($"target {p.Target}, max tokens {p.MaxTokens}, temperature {p.Temperature}, format {p.ResponseFormat}, version {p.Version}, {p.Source}");
            return 0;
        });

        var renderName = new Argument<string>("name") { Description = "Prompt name" };
        var vars = new Option<string[]>("--var") { Description = "A variable as name=value (value @path reads a file); repeatable", AllowMultipleArgumentsPerToken = false };
        var render = new Command("render", "Render a prompt with variables") { renderName, vars };
        render.SetAction(async (parse, _) =>
        {
            await using CliContext context = CliContext.Create(environment, parse.GetValue(GlobalOptions.Config));
            Dictionary<string, string> variables;
            try
            {
                variables = PromptVariableArguments.Parse(parse.GetValue(vars) ?? []);
            }
            catch (FormatException ex)
            {
                throw new CliException(ex.Message, 2);
            }

            foreach (string key in variables.Keys.ToList())
            {
                if (variables[key].StartsWith('@'))
                {
                    string path = Path.Combine(environment.WorkingDirectory, variables[key][1..]);
                    variables[key] = File.Exists(path) ? await File.ReadAllTextAsync(path) : throw new CliException($"--var {key}: no file {path}", 2);
                }
            }

            RenderedPrompt rendered;
            try
            {
                rendered = Find(context.Get<PromptLibrary>(), parse.GetValue(renderName)!).Render(variables);
            }
            catch (MissingPromptVariableException ex)
            {
                throw new CliException(ex.Message, 2);
            }

            console.Write(ConsoleWidth.Stretching(console, new Panel(Markup.Escape(rendered.System)).Header("system").Expand()));
            console.Write(ConsoleWidth.Stretching(console, new Panel(Markup.Escape(rendered.User)).Header("user").Expand()));
            return 0;
        });

        command.Subcommands.Add(list);
        command.Subcommands.Add(show);
        command.Subcommands.Add(render);
        return command;
    }

    private static PromptDefinition Find(PromptLibrary library, string name)
    {
        try
        {
            return library.Get(name);
        }
        catch (PromptNotFoundException ex)
        {
            throw new CliException(ex.Message, 2);
        }
    }
}
