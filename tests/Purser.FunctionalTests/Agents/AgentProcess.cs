using System.Diagnostics;
using System.Text;

namespace Purser.FunctionalTests.Agents;

/// <summary>
/// Runs a coding agent installed by scripts/test.sh (`npm ci` in tests/agents) as a child process: its own environment
/// only (nothing of the machine's leaks in: no provider keys, no proxies), stdin closed, a bounded time after which the
/// whole process tree is killed. A few agents run at once, however many test classes ask.
/// </summary>
public static class AgentProcess
{
    private static readonly SemaphoreSlim Gate = new(3);

    /// <summary>tests/agents, found above the test assembly.</summary>
    public static string Folder { get; } = FindFolder();

    public static string BinFolder => Path.Combine(Folder, "node_modules", ".bin");

    /// <summary>Whether the agents are installed; the message says how to install them when not.</summary>
    public static void EnsureInstalled(string binary, string package)
    {
        string path = Path.Combine(BinFolder, binary);
        File.Exists(path).ShouldBeTrue($"{package} is not installed ({path} is missing): run `npm ci` in {Folder} (scripts/test.sh does).");
    }

    public static Task<AgentResult> RunAsync(AgentInvocation invocation, string workingDirectory, TimeSpan timeout) =>
        GatedAsync(() => RunUngatedAsync(invocation, workingDirectory, timeout));

    /// <summary>Runs <paramref name="run"/> (which starts an agent, e.g. through <c>purser run</c>) when fewer than three agents are running.</summary>
    public static async Task<T> GatedAsync<T>(Func<Task<T>> run)
    {
        await Gate.WaitAsync();
        try
        {
            return await run();
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task<AgentResult> RunUngatedAsync(AgentInvocation invocation, string workingDirectory, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(Path.Combine(BinFolder, invocation.Binary))
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        foreach (string argument in invocation.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Clear();
        start.Environment["PATH"] = BinFolder + Path.PathSeparator + (Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin");
        start.Environment["LANG"] = "C.UTF-8";
        start.Environment["TERM"] = "dumb";
        start.Environment["NO_COLOR"] = "1";
        foreach (var (name, value) in invocation.Environment)
        {
            start.Environment[name] = value;
        }

        var stdout = new StreamText();
        var stderr = new StreamText();
        using var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var exited = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.Exited += (_, _) => exited.TrySetResult();
        process.OutputDataReceived += (_, e) => stdout.Add(e.Data);
        process.ErrorDataReceived += (_, e) => stderr.Add(e.Data);
        Stopwatch clock = Stopwatch.StartNew();
        process.Start();
        process.StandardInput.Close(); // print modes read extra input from stdin until it ends
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        int? exitCode;
        if (await Task.WhenAny(exited.Task, Task.Delay(timeout)) == exited.Task)
        {
            exitCode = process.ExitCode;
        }
        else
        {
            process.Kill(entireProcessTree: true);
            exitCode = null;
        }

        // A child the agent left behind could hold the pipes open: the output is what arrived within a short grace.
        await Task.WhenAny(Task.WhenAll(stdout.Ended, stderr.Ended), Task.Delay(TimeSpan.FromSeconds(5)));
        return new AgentResult(exitCode, stdout.Text, stderr.Text, clock.Elapsed);
    }

    /// <summary>Lines of one redirected stream, gathered as they arrive.</summary>
    private sealed class StreamText
    {
        private readonly StringBuilder _text = new();
        private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Ended => _ended.Task;

        public string Text
        {
            get
            {
                lock (_text)
                {
                    return _text.ToString();
                }
            }
        }

        public void Add(string? line)
        {
            if (line is null)
            {
                _ended.TrySetResult();
                return;
            }

            lock (_text)
            {
                _text.Append(line).Append('\n');
            }
        }
    }

    private static string FindFolder()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "tests", "agents");
            if (File.Exists(Path.Combine(candidate, "package.json")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("tests/agents/package.json not found above " + AppContext.BaseDirectory);
    }
}
