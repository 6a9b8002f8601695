using System.Text.Json;
using Purser.Configuration;

namespace Purser.Cli.Run;

/// <summary>
/// Decides how an agent starts for a session: its base URLs and the session key in the variables of the APIs it speaks,
/// generated configuration for agents that read files (Codex, OpenCode), --yolo and --mcp arguments. The real provider
/// keys, the master key and Purser's own configuration variables are removed from its environment: only the gateway
/// holds them. The user's files are read at most, never written.
/// </summary>
internal static class AgentLaunchPlanner
{
    /// <summary>The session key, for agents and configurations that name a variable (Codex env_key, OpenCode {env:…}).</summary>
    public const string KeyVariable = "PURSER_API_KEY";

    internal static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Variables that would send an agent around the gateway, or hand it a credential it must not have.</summary>
    private static readonly string[] Removed =
    [
        "ANTHROPIC_AUTH_TOKEN", "PURSER_MASTER_KEY", "CLAUDE_CODE_USE_BEDROCK", "CLAUDE_CODE_USE_VERTEX", "GOOGLE_GENAI_USE_VERTEXAI",
        "OPENAI_BASE_URL", "OPENAI_API_BASE", "ANTHROPIC_BASE_URL", "GOOGLE_GEMINI_BASE_URL",
    ];

    /// <param name="profile">The agent.</param>
    /// <param name="executable">The agent's program, found on PATH.</param>
    /// <param name="arguments">The arguments after the command.</param>
    /// <param name="settings">The session.</param>
    /// <param name="variables">The environment purser runs in (to read CODEX_HOME, HOME, ANTHROPIC_AUTH_TOKEN).</param>
    public static AgentLaunch Plan(AgentProfile profile, string executable, IReadOnlyList<string> arguments, LaunchSettings settings, Func<string, string?> variables)
    {
        var launch = new AgentLaunch { FileName = executable };
        Dictionary<string, string?> env = launch.Environment;
        foreach (WellKnownProvider provider in WellKnownProvider.All.Where(p => p.Name != "ollama"))
        {
            foreach (string name in provider.KeyVariables)
            {
                env[name] = null;
            }
        }

        foreach (string name in Removed)
        {
            env[name] = null;
        }

        launch.RemovedPrefixes.Add("Purser__");
        env[KeyVariable] = settings.Key;
        env["PURSER_BASE_URL"] = settings.GatewayUrl;
        env["PURSER_SESSION"] = settings.SessionId;
        foreach (AgentProtocol protocol in profile.Protocols)
        {
            switch (protocol)
            {
                case AgentProtocol.OpenAI:
                    env["OPENAI_BASE_URL"] = settings.OpenAIBaseUrl;
                    env["OPENAI_API_BASE"] = settings.OpenAIBaseUrl;
                    env["OPENAI_API_KEY"] = settings.Key;
                    break;
                case AgentProtocol.Anthropic:
                    env["ANTHROPIC_BASE_URL"] = settings.GatewayUrl;
                    env["ANTHROPIC_API_KEY"] = settings.Key;
                    if (!string.IsNullOrEmpty(variables("ANTHROPIC_AUTH_TOKEN")))
                    {
                        env["ANTHROPIC_AUTH_TOKEN"] = settings.Key;
                    }

                    break;
                case AgentProtocol.Gemini:
                    env["GOOGLE_GEMINI_BASE_URL"] = settings.GatewayUrl;
                    env["GEMINI_API_KEY"] = settings.Key;
                    env["GEMINI_DEFAULT_AUTH_TYPE"] = "gemini-api-key";
                    break;
            }
        }

        var leading = new List<string>();
        if (settings.Yolo)
        {
            leading.AddRange(profile.YoloArguments);
        }

        switch (profile.Config)
        {
            case AgentConfigKind.Codex:
                string codexHome = Path.Combine(settings.ConfigFolder, "codex");
                env["CODEX_HOME"] = codexHome;
                launch.Files[Path.Combine(codexHome, "config.toml")] = CodexConfig.Build(settings, ReadUserCodexConfig(variables));
                break;
            case AgentConfigKind.OpenCode:
                string openCode = Path.Combine(settings.ConfigFolder, "opencode.json");
                env["OPENCODE_CONFIG"] = openCode;
                launch.Files[openCode] = OpenCodeConfig.Build(settings);
                break;
        }

        if (settings.Mcp)
        {
            if (profile.McpConfigArgument is { } argument)
            {
                string file = Path.Combine(settings.ConfigFolder, "mcp.json");
                launch.Files[file] = ClaudeMcpConfig.Build(settings);
                leading.Add(argument);
                leading.Add(file);
            }
            else if (!profile.TakesMcp)
            {
                launch.Notes.Add($"--mcp: {profile.Name} reads MCP servers only from its own settings, which purser run does not change; add Purser there ({settings.McpUrl}, or the command `purser mcp`).");
            }
        }

        launch.Arguments.AddRange(leading);
        launch.Arguments.AddRange(arguments);
        return launch;
    }

    /// <summary>The user's Codex config.toml ($CODEX_HOME/config.toml, else ~/.codex/config.toml), read only; null when there is none.</summary>
    private static string? ReadUserCodexConfig(Func<string, string?> variables)
    {
        string? home = variables("CODEX_HOME") is { Length: > 0 } codexHome
            ? codexHome
            : (variables("HOME") ?? variables("USERPROFILE")) is { Length: > 0 } userHome ? Path.Combine(userHome, ".codex") : null;
        string? file = home is null ? null : Path.Combine(home, "config.toml");
        try
        {
            return file is not null && File.Exists(file) ? File.ReadAllText(file) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
