namespace Purser.Cli.Run;

/// <summary>How to start an agent for a session: its arguments, the variables to set or remove, the files to write first.</summary>
internal sealed class AgentLaunch
{
    public required string FileName { get; init; }

    public List<string> Arguments { get; } = [];

    /// <summary>Variables to set (a value) or remove (null) in the agent's environment.</summary>
    public Dictionary<string, string?> Environment { get; } = new(StringComparer.Ordinal);

    /// <summary>Prefixes of variables to remove (Purser__…: Purser's own configuration, which may hold provider keys).</summary>
    public List<string> RemovedPrefixes { get; } = [];

    /// <summary>Generated configuration files (full path → content), written readable by the user alone.</summary>
    public Dictionary<string, string> Files { get; } = new(StringComparer.Ordinal);

    /// <summary>Symbolic links to create (link path → the user's file or folder it points to), e.g. the rest of ~/.gemini.</summary>
    public Dictionary<string, string> Links { get; } = new(StringComparer.Ordinal);

    /// <summary>Things the user should know (e.g. --mcp not offered to an agent that takes no MCP configuration).</summary>
    public List<string> Notes { get; } = [];
}
