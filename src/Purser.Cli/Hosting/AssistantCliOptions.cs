using System.CommandLine;
using System.Reflection;

namespace Purser.Cli.Hosting;

/// <summary>Options the assistant commands share.</summary>
internal static class AssistantCliOptions
{
    public static Option<string?> Model() => new("--model", "-m")
    {
        Description = "The model or alias to use (default: Purser:Assistant:Model, the prompt's tier alias, or the first configured provider; --model simulated/demo needs no key)",
    };

    /// <summary>--sarif [file]: SARIF 2.1.0 to standard output, or to a file while the terminal shows the usual view.</summary>
    public static Option<string?> Sarif() => new("--sarif")
    {
        Description = "Write SARIF 2.1.0 (GitHub code scanning): to the given file, or to standard output when no file follows",
        Arity = ArgumentArity.ZeroOrOne,
    };

    public static Option<int?> FailUnder(string what) => new("--fail-under")
    {
        Description = $"Exit with code 1 when {what} is below this score (0-100), for CI gates",
    };

    public static Option<string?> Server() => new("--server") { Description = "Send the model calls through a running gateway at this URL (its routing, budgets and ledger apply)" };

    public static Option<bool> Force() => new("--force") { Description = "Ask the model even when the analysis store has an answer for unchanged content" };

    public static Option<bool> NoCache() => new("--no-cache")
    {
        Description = "Ask the model again even when the response cache holds the answer to this exact call (the fresh answer replaces it)",
    };

    /// <summary>The version written into SARIF logs.</summary>
    public static string ToolVersion
    {
        get
        {
            string? version = typeof(AssistantCliOptions).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
            return version is null ? "0.1.0" : version.Split('+')[0];
        }
    }
}
