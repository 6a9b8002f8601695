using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Purser.Assistant.Review;

/// <summary>Runs <c>git diff</c> in a working folder. Failures (not a repository, unknown ref, no git) are messages, not exceptions.</summary>
internal static class GitDiffReader
{
    /// <summary>The repository's top folder (git's diff paths are relative to it); null outside a repository.</summary>
    public static async Task<string?> TopLevelAsync(string workingDirectory, CancellationToken cancellationToken)
    {
        (string? output, string? error) = await RunAsync(workingDirectory, ["rev-parse", "--show-toplevel"], cancellationToken);
        return error is null && output is { Length: > 0 } ? output.Trim() : null;
    }

    /// <summary>The diff text, or an error message; Description says which command ran.</summary>
    public static async Task<(string? Diff, string? Error, string Description)> ReadAsync(string workingDirectory, DiffSource source, string? baseRef, CancellationToken cancellationToken)
    {
        (_, string? notRepository) = await RunAsync(workingDirectory, ["rev-parse", "--show-toplevel"], cancellationToken);
        if (notRepository is not null)
        {
            return (null, notRepository, "git diff");
        }

        var arguments = new List<string> { "-c", "core.quotepath=off", "diff", "--no-color", "--no-ext-diff", "--unified=3" };
        string description;
        switch (source)
        {
            case DiffSource.Staged:
                arguments.Add("--cached");
                description = "git diff --cached";
                break;
            case DiffSource.Base:
                if (string.IsNullOrWhiteSpace(baseRef) || baseRef.StartsWith('-'))
                {
                    return (null, "--base needs a git ref (a branch, tag or commit), e.g. --base origin/main.", "git diff");
                }

                arguments.Add(baseRef + "...HEAD");
                description = $"git diff {baseRef}...HEAD";
                break;
            default:
                (_, string? noHead) = await RunAsync(workingDirectory, ["rev-parse", "--verify", "--quiet", "HEAD"], cancellationToken);
                arguments.Add(noHead is null ? "HEAD" : "--cached"); // a repository without commits yet: review what is staged
                description = noHead is null ? "git diff HEAD" : "git diff --cached";
                break;
        }

        arguments.Add("--");
        (string? output, string? error) = await RunAsync(workingDirectory, arguments, cancellationToken);
        return (output, error, description);
    }

    private static async Task<(string? Output, string? Error)> RunAsync(string workingDirectory, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["GIT_TERMINAL_PROMPT"] = "0";
        start.Environment["LC_ALL"] = "C";
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new Win32Exception("git did not start");
        }
        catch (Win32Exception)
        {
            return (null, "git is not installed or not on PATH; purser review reads the changes with git.");
        }

        using (process)
        {
            Task<string> output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            Task<string> error = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            string stdout = await output;
            string stderr = (await error).Trim();
            if (process.ExitCode != 0)
            {
                return (null, stderr.Contains("not a git repository", StringComparison.OrdinalIgnoreCase)
                    ? $"{workingDirectory} is not inside a git repository; purser review reviews git changes."
                    : $"git {string.Join(' ', arguments.Where(a => a != "-c" && !a.StartsWith("core.", StringComparison.Ordinal)))} failed: {(stderr.Length > 0 ? stderr : "exit code " + process.ExitCode)}");
            }

            return (stdout, null);
        }
    }
}
