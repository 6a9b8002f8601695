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

    /// <summary>The variables read from <c>.env</c> in the working folder (see <see cref="WithDotEnv"/>); empty otherwise.</summary>
    public IReadOnlyDictionary<string, string> DotEnv { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    private Func<string, string?>? _beforeDotEnv;

    /// <summary>
    /// This environment with the <c>.env</c> file of the working folder under it: a variable set in the environment
    /// wins; one only in <c>.env</c> is read from there (provider keys, PURSER_HOME, PURSER_MASTER_KEY, …).
    /// </summary>
    public CliEnvironment WithDotEnv()
    {
        IReadOnlyDictionary<string, string> file = DotEnvFile.Read(WorkingDirectory);
        if (file.Count == 0)
        {
            return this;
        }

        Func<string, string?> variables = Variables;
        return new CliEnvironment
        {
            Variables = name => variables(name) is { Length: > 0 } value ? value : file.GetValueOrDefault(name),
            WorkingDirectory = WorkingDirectory,
            ErrorOutput = ErrorOutput,
            Input = Input,
            ReadEnvironmentConfiguration = ReadEnvironmentConfiguration,
            DotEnv = file,
            _beforeDotEnv = variables,
        };
    }

    /// <summary>Where a variable's value comes from: "environment", ".env", or null when it is not set.</summary>
    public string? SourceOf(string name) =>
        _beforeDotEnv is { } environment && environment(name) is not { Length: > 0 } && DotEnv.ContainsKey(name) ? DotEnvFile.FileName
        : Variables(name) is { Length: > 0 } ? "environment"
        : null;

    public static CliEnvironment Process { get; } = new();
}
