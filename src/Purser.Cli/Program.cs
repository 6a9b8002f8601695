using System.CommandLine;

namespace Purser.Cli;

public static class Program
{
    public static Task<int> Main(string[] args)
    {
        var root = new RootCommand("Purser: a cost-aware LLM gateway and developer AI assistant");
        return root.Parse(args).InvokeAsync();
    }
}
