namespace Purser.Cli.Hosting;

/// <summary>A failure to report to the user as a message (exit code 1), not a stack trace.</summary>
public sealed class CliException(string message, int exitCode = 1) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
