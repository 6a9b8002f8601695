using System.CommandLine;
using Purser.Cli.Commands;
using Purser.Cli.Hosting;
using Purser.Cli.Rendering;
using Purser.Configuration;
using Spectre.Console;

namespace Purser.Cli;

public static class Program
{
    public static Task<int> Main(string[] args) => Run(args, CreateConsole(Console.IsOutputRedirected, Console.Out, Environment.GetEnvironmentVariable), CliEnvironment.Process);

    /// <summary>
    /// The terminal console; when standard output is a pipe or a file (CI logs, <c>| less</c>, <c>&gt; out.txt</c>), one that
    /// writes no ANSI escape codes, asks nothing interactively (progress comes as plain lines) and never cuts a table:
    /// its width is <c>COLUMNS</c>, or unbounded (<see cref="ConsoleWidth"/>).
    /// </summary>
    internal static IAnsiConsole CreateConsole(bool outputRedirected, TextWriter output, Func<string, string?> variables)
    {
        if (!outputRedirected)
        {
            return AnsiConsole.Console;
        }

        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = ConsoleWidth.ForRedirectedOutput(variables);
        return console;
    }

    /// <summary>Runs the CLI against a given console and environment (tests pass recording ones).</summary>
    public static async Task<int> Run(string[] args, IAnsiConsole console, CliEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        environment = environment.WithDotEnv();
        RootCommand root = BuildRoot(console, environment);
        ParseResult parse = root.Parse(args);
        try
        {
            var invocation = new InvocationConfiguration { EnableDefaultExceptionHandler = false };
            if (parse.CommandResult.Command.Name is "run" or "mcp")
            {
                // These stay up until their child (the agent) or their client ends: Ctrl-C is theirs to handle, not a
                // reason for System.CommandLine to give up on them after two seconds.
                invocation.ProcessTerminationTimeout = null;
            }

            return await parse.InvokeAsync(invocation);
        }
        catch (CliException ex)
        {
            if (Rendering.AssistantOutput.MachineErrors(parse, environment) is { } machine)
            {
                machine.WriteLine(ex.Message);
            }
            else
            {
                console.MarkupLineInterpolated($"[red]{ex.Message}[/]");
            }

            return ex.ExitCode;
        }
        catch (PurserConfigurationException ex)
        {
            console.MarkupLine("[red]The configuration is invalid:[/]");
            foreach (string error in ex.Errors)
            {
                console.MarkupLineInterpolated($"  [red]-[/] {error}");
            }

            return 2;
        }
    }

    internal static RootCommand BuildRoot(IAnsiConsole console, CliEnvironment environment)
    {
        var root = new RootCommand("Purser: a cost-aware LLM gateway and developer AI assistant")
        {
            GlobalOptions.Config,
            ServeCommand.Create(console, environment),
            RunCommand.Create(environment),
            McpCommand.Create(environment),
            SessionsCommand.Create(console, environment),
            CostsCommand.Create(console, environment),
            PricingCommand.Create(console, environment),
            PromptsCommand.Create(console, environment),
            TokensCommand.Create(console, environment),
            CacheCommand.Create(console, environment),
            ConfigCommand.Create(console, environment),
            KeysCommand.Create(console, environment),
            BudgetCommand.Create(console, environment),
            AnalyzeCommand.Create(console, environment),
            AskCommand.Create(console, environment),
            ReviewCommand.Create(console, environment),
            DebugCommand.Create(console, environment),
            ArchitectCommand.Create(console, environment),
            ValidateCommand.Create(console, environment),
            GenerateCommand.Create(console, environment),
            TemplatesCommand.Create(console, environment),
            RepoCommand.Create(console, environment),
            NoteCommand.Create(console, environment),
            NextCommand.Create(console, environment),
            StatsCommand.Create(console, environment),
            DbCommand.Create(console, environment),
            InitCommand.Create(console, environment),
            DoctorCommand.Create(console, environment),
            ProvidersCommand.Create(console, environment),
        };
        foreach (VersionOption version in root.Options.OfType<VersionOption>())
        {
            version.Action = new VersionAction(console);
        }

        return root;
    }
}
