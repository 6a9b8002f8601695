namespace Purser.Cli.Hosting;

/// <summary>What the CLI reads from outside: environment variables and the working folder. Tests pass their own.</summary>
public sealed class CliEnvironment
{
    public Func<string, string?> Variables { get; init; } = Environment.GetEnvironmentVariable;

    public string WorkingDirectory { get; init; } = Environment.CurrentDirectory;

    /// <summary>Whether Purser__… variables are read into configuration.</summary>
    public bool ReadEnvironmentConfiguration { get; init; } = true;

    public static CliEnvironment Process { get; } = new();
}
