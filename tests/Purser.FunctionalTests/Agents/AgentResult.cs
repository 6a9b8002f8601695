namespace Purser.FunctionalTests.Agents;

/// <summary>How an agent run ended.</summary>
public sealed record AgentResult(int? ExitCode, string Stdout, string Stderr, TimeSpan Elapsed)
{
    public bool TimedOut => ExitCode is null;

    public string Describe() =>
        $"exit {(TimedOut ? "none (timed out, process tree killed)" : ExitCode)} after {Elapsed.TotalSeconds:F0} s\n--- stdout ---\n{Tail(Stdout)}\n--- stderr ---\n{Tail(Stderr)}";

    private static string Tail(string text) => text.Length <= 6000 ? text : "…" + text[^6000..];
}
