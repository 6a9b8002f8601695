using System.Text.Json.Nodes;

namespace Purser.FunctionalTests.Run;

/// <summary>One <c>purser run -- &lt;agent&gt; …</c>: its exit code and output, the summary it wrote (--json), and and the user's files as they are afterwards.</summary>
public sealed record AgentRunResult(RunAgent Agent, int ExitCode, string Output, string Error, JsonNode? Summary, IReadOnlyDictionary<string, string> UserFilesAfter, TimeSpan Elapsed)
{
    public string Describe() => $"purser run -- {Agent.Binary}: exit {ExitCode} after {Elapsed.TotalSeconds:F0} s\nstdout:\n{Output}\nstderr:\n{Error}";
}
