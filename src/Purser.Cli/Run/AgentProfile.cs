namespace Purser.Cli.Run;

/// <summary>
/// What <c>purser run</c> knows about an agent: the APIs it speaks, where it reads configuration, the arguments that
/// make it act without asking (<c>--yolo</c>) and the one that hands it an MCP configuration file (<c>--mcp</c>).
/// </summary>
internal sealed record AgentProfile(
    string Name,
    IReadOnlyList<AgentProtocol> Protocols,
    AgentConfigKind Config,
    IReadOnlyList<string> YoloArguments,
    string? McpConfigArgument)
{
    /// <summary>
    /// Arguments always put before the user's: Qwen Code's <c>--auth-type openai</c>, so a sign-in chosen in its settings
    /// (Qwen OAuth) cannot send its calls around Purser.
    /// </summary>
    public IReadOnlyList<string> LeadingArguments { get; init; } = [];

    /// <summary>
    /// The variable the agent needs its model in to use the API-key sign-in headless (Qwen Code: OPENAI_MODEL); set to the
    /// session's --model, else <c>auto</c>, when the user has not set it.
    /// </summary>
    public string? ModelVariable { get; init; }

    /// <summary>Whether <c>--mcp</c> can offer Purser's tools to the agent (a file argument or its generated configuration).</summary>
    public bool TakesMcp => McpConfigArgument is not null || Config != AgentConfigKind.None;

    /// <summary>The agents recognised by their command's name.</summary>
    public static readonly IReadOnlyList<AgentProfile> Known =
    [
        new("claude", [AgentProtocol.Anthropic], AgentConfigKind.None, ["--dangerously-skip-permissions"], "--mcp-config"),
        new("codex", [AgentProtocol.OpenAI], AgentConfigKind.Codex, [], null),
        new("opencode", [AgentProtocol.OpenAI, AgentProtocol.Anthropic], AgentConfigKind.OpenCode, [], null),
        new("gemini", [AgentProtocol.Gemini], AgentConfigKind.Gemini, ["--yolo"], null),
        new("qwen", [AgentProtocol.OpenAI], AgentConfigKind.None, ["--yolo"], null) { LeadingArguments = ["--auth-type", "openai"], ModelVariable = "OPENAI_MODEL" },
        new("aider", [AgentProtocol.OpenAI, AgentProtocol.Anthropic], AgentConfigKind.None, ["--yes-always"], null),
    ];

    /// <summary>A known agent by name (claude, codex, …), or null.</summary>
    public static AgentProfile? Find(string name) => Known.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The agent a command is: its file name without a Windows extension (claude, claude.cmd, /usr/bin/claude).</summary>
    public static string NameOf(string command)
    {
        string name = Path.GetFileName(command.TrimEnd('/', '\\'));
        foreach (string extension in (ReadOnlySpan<string>)[".exe", ".cmd", ".bat", ".ps1"])
        {
            if (name.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
            {
                return name[..^extension.Length];
            }
        }

        return name;
    }

    /// <summary>An agent Purser does not know, speaking <paramref name="protocol"/>.</summary>
    public static AgentProfile Other(string name, AgentProtocol protocol) => new(name, [protocol], AgentConfigKind.None, [], null);
}
