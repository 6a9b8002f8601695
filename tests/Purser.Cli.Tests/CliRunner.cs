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

    public async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        var writer = new StringWriter();
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = 160;
        var environment = new CliEnvironment
        {
            Variables = name => Variables.TryGetValue(name, out string? value) ? value : null,
            ReadEnvironmentConfiguration = false,
            WorkingDirectory = Home,
        };
        int code = await Program.Run(args, console, environment);
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
