namespace Purser.FunctionalTests.Agents;

/// <summary>
/// One coding agent as a user installs and configures it: the npm package, the command in its non-interactive mode,
/// the settings that point it at Purser (as docs/AGENTS.md gives them) with telemetry, updates and other calls
/// outside loopback turned off, and the tool it offers for reading a file.
/// </summary>
public abstract class CodingAgent
{
    /// <summary>The agent's name in the ledger (the virtual key's agent attribution).</summary>
    public abstract string Name { get; }

    public abstract string Package { get; }

    public abstract string Binary { get; }

    /// <summary>The inbound protocol the ledger records for its calls.</summary>
    public abstract string Protocol { get; }

    /// <summary>The agent's own file-reading tool, which the fake upstream asks for.</summary>
    public abstract string ReadTool { get; }

    public abstract string ReadToolArguments(string path);

    /// <summary>The upstream kinds (of <see cref="AgentGateway"/>) the agent is run onto: OpenAI-compatible, Anthropic and Gemini.</summary>
    public virtual IReadOnlyList<string> UpstreamKinds => ["openai", "anthropic", "gemini"];

    /// <summary>Writes the agent's configuration into <see cref="AgentSetup.Home"/> and says how to start it.</summary>
    public abstract AgentInvocation Prepare(AgentSetup setup);

    public override string ToString() => Name;

    protected static string WriteFile(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }
}
