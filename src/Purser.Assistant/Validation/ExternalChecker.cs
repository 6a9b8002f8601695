using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Purser.Assistant.Validation;

/// <summary>
/// Runs an external syntax checker (python3, node) on a piece of code, bounded in time. A checker that is not installed
/// is remembered as absent, so the check reports "not checked" instead of failing.
/// </summary>
internal static class ExternalChecker
{
    private static readonly ConcurrentDictionary<string, bool> Present = new(StringComparer.Ordinal);

    /// <summary>The outcome of one run; null from <see cref="Run"/> when the program is not there.</summary>
    internal sealed record Result(int ExitCode, string Output, string Error, bool TimedOut);

    public static bool IsAvailable(string program)
    {
        if (string.IsNullOrWhiteSpace(program))
        {
            return false;
        }

        if (Present.TryGetValue(program, out bool known))
        {
            return known;
        }

        // Only a definite answer is remembered: a program that cannot be started, or one that says it fails. A slow
        // answer on a loaded machine is not absence (remembering it would turn the check off for the process's life).
        Result? probe = Execute(program, ["--version"], null, TimeSpan.FromSeconds(10));
        if (probe is { TimedOut: true })
        {
            return true;
        }

        return Present.GetOrAdd(program, probe is { ExitCode: 0 });
    }

    public static Result? Run(string program, IReadOnlyList<string> arguments, string? input, TimeSpan timeout) =>
        IsAvailable(program) ? Execute(program, arguments, input, timeout) : null;

    private static Result? Execute(string program, IReadOnlyList<string> arguments, string? input, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        start.Environment["PYTHONIOENCODING"] = "utf-8";
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new Win32Exception("not started");
        }
        catch (Win32Exception)
        {
            return null;
        }

        using (process)
        {
            Task<string> output = process.StandardOutput.ReadToEndAsync();
            Task<string> error = process.StandardError.ReadToEndAsync();
            try
            {
                if (input is not null)
                {
                    process.StandardInput.Write(input);
                }

                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // The checker exited before reading everything; its output says why.
            }

            if (!process.WaitForExit(timeout))
            {
                try
                {
                    process.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                    // It ended meanwhile.
                }

                process.WaitForExit();
                return new Result(-1, "", "", TimedOut: true);
            }

            return new Result(process.ExitCode, output.GetAwaiter().GetResult(), error.GetAwaiter().GetResult(), TimedOut: false);
        }
    }
}
