using Purser.Cli;
using Purser.Cli.Hosting;
using Spectre.Console;

namespace Purser.Cli.Tests;

/// <summary>Runs `purser …` in memory with a recording console and an isolated data folder.</summary>
internal sealed class CliRunner : IDisposable
{
    public CliRunner()
    {
        Home = Path.Combine(Path.GetTempPath(), "purser-cli-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Home);
        Variables["PURSER_HOME"] = Home;
    }

    public string Home { get; }

    public Dictionary<string, string> Variables { get; } = new(StringComparer.Ordinal);

    /// <summary>What the command reads from standard input.</summary>
    public string StandardInput { get; set; } = "";

    /// <summary>What the last command wrote to standard error.</summary>
    public string StandardError { get; private set; } = "";

    /// <summary>The working folder commands run in (default: the data folder).</summary>
    public string? WorkingDirectory { get; set; }

    /// <summary>Run with the console `purser` makes when its output is not a terminal (a CI log, a file), as `Program.Main` does.</summary>
    public bool RedirectedOutput { get; set; }

    /// <summary>Run with an interactive, ANSI-capable console (live progress bars) instead of a plain one.</summary>
    public bool Interactive { get; set; }

    public async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        var writer = new StringWriter();
        var error = new StringWriter();
        IAnsiConsole console = RedirectedOutput
            ? Program.CreateConsole(outputRedirected: true, writer, name => Variables.TryGetValue(name, out string? value) ? value : null)
            : AnsiConsole.Create(new AnsiConsoleSettings
            {
                Ansi = Interactive ? AnsiSupport.Yes : AnsiSupport.No,
                ColorSystem = Interactive ? ColorSystemSupport.Standard : ColorSystemSupport.NoColors,
                Interactive = Interactive ? InteractionSupport.Yes : InteractionSupport.No,
                Out = new AnsiConsoleOutput(writer),
            });
        if (!RedirectedOutput)
        {
            console.Profile.Width = 160;
        }

        var environment = new CliEnvironment
        {
            Variables = name => Variables.TryGetValue(name, out string? value) ? value : null,
            ReadEnvironmentConfiguration = false,
            WorkingDirectory = WorkingDirectory ?? Home,
            Input = () => new StringReader(StandardInput),
            ErrorOutput = () => error,
        };
        int code = await Program.Run(args, console, environment);
        StandardError = error.ToString();
        return (code, writer.ToString());
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Home, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
