namespace Purser.Cli.Hosting;

/// <summary>What the CLI reads from outside: environment variables and the working folder. Tests pass their own.</summary>
public sealed class CliEnvironment
{
    public Func<string, string?> Variables { get; init; } = Environment.GetEnvironmentVariable;

    public string WorkingDirectory { get; init; } = Environment.CurrentDirectory;

    /// <summary>Standard error: messages that must not mix with --json or --sarif on standard output.</summary>
    public Func<TextWriter> ErrorOutput { get; init; } = () => Console.Error;

    /// <summary>Standard input (read by options that accept "-").</summary>
    public Func<TextReader> Input { get; init; } = () => Console.In;

    /// <summary>The full path of <paramref name="path"/>, relative paths taken from <see cref="WorkingDirectory"/>.</summary>
    public string FullPath(string path) => Path.GetFullPath(path, WorkingDirectory);

    /// <summary>Whether Purser__… variables are read into configuration.</summary>
    public bool ReadEnvironmentConfiguration { get; init; } = true;

    public static CliEnvironment Process { get; } = new();
}
