using System.Diagnostics;

namespace Purser.FunctionalTests.Assistant;

/// <summary>The purser executable as a user runs it, with its output piped (CI logs, <c>| less</c>, <c>&gt; file</c>).</summary>
public sealed class AssistantProcessTests
{
    [Fact]
    public async Task AnalyzeFile_OutputPipedInAColourTerminal_IsPlainTextWithoutEscapeCodes()
    {
        string home = Path.Combine(Path.GetTempPath(), "purser-pipe-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(home);
        try
        {
            await File.WriteAllTextAsync(Path.Combine(home, "a.py"), "def add(a, b):\n    return a + b\n");
            var start = new ProcessStartInfo("dotnet")
            {
                ArgumentList = { typeof(Purser.Cli.Program).Assembly.Location, "analyze", "file", "a.py", "--model", "simulated/demo" },
                WorkingDirectory = home,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.Environment["PURSER_HOME"] = home;
            start.Environment["TERM"] = "xterm-256color";
            start.Environment["COLORTERM"] = "truecolor";
            start.Environment.Remove("NO_COLOR");

            using Process process = Process.Start(start)!;
            Task<string> error = process.StandardError.ReadToEndAsync();
            string output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();

            process.ExitCode.ShouldBe(0, output + await error);
            output.ShouldContain("Overall");
            output.ShouldContain("simulated/demo");
            output.ShouldNotContain("\u001b[");
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }
}
