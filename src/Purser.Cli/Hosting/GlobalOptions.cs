using System.CommandLine;

namespace Purser.Cli.Hosting;

/// <summary>Options every command understands.</summary>
internal static class GlobalOptions
{
    public static readonly Option<string?> Config = new("--config", "-c")
    {
        Description = "A JSON configuration file (default: <PURSER_HOME>/purser.json when present)",
        Recursive = true,
    };

    public static Option<bool> Json() => new("--json") { Description = "Print JSON instead of a table" };

    public static Option<string?> Server() => new("--server") { Description = "Use a running gateway at this URL instead of the local database" };

    public static Option<string?> Key() => new("--key") { Description = "Key for --server (default: PURSER_API_KEY or PURSER_MASTER_KEY)" };
}
