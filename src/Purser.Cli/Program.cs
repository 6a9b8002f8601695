using System.CommandLine;
using Purser.Cli.Commands;
using Spectre.Console;

namespace Purser.Cli;

public static class Program
{
    public static Task<int> Main(string[] args) => Run(args, AnsiConsole.Console);

    /// <summary>Runs the CLI against a given console (tests pass a recording one).</summary>
    public static Task<int> Run(string[] args, IAnsiConsole console)
    {
        RootCommand root = BuildRoot(console);
        return root.Parse(args).InvokeAsync();
    }

    internal static RootCommand BuildRoot(IAnsiConsole console)
    {
        var root = new RootCommand("Purser: a cost-aware LLM gateway and developer AI assistant")
        {
            ServeCommand.Create(console),
        };
        return root;
    }
}
