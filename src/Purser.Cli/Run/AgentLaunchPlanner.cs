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

        if (profile.ModelVariable is { } modelVariable && string.IsNullOrEmpty(variables(modelVariable)))
        {
            env[modelVariable] = settings.Model ?? "auto";
        }

        var leading = new List<string>(profile.LeadingArguments);
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
            case AgentConfigKind.Gemini:
                PlanGemini(launch, settings, variables);
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

    /// <summary>
    /// Gemini CLI gets a private GEMINI_CLI_HOME: its .gemini/settings.json is the user's with the API-key sign-in (and
    /// Purser's MCP server), every other entry of the user's ~/.gemini is linked. With --yolo the folder is trusted: headless
    /// Gemini CLI refuses a folder it has not been told to trust, and --yolo is "no questions asked".
    /// </summary>
    private static void PlanGemini(AgentLaunch launch, LaunchSettings settings, Func<string, string?> variables)
    {
        string home = Path.Combine(settings.ConfigFolder, "gemini");
        string folder = Path.Combine(home, GeminiSettings.Folder);
        string? userHome = variables("GEMINI_CLI_HOME") is { Length: > 0 } geminiHome ? geminiHome : (variables("HOME") ?? variables("USERPROFILE"));
        string? userFolder = userHome is { Length: > 0 } ? Path.Combine(userHome, GeminiSettings.Folder) : null;
        launch.Environment["GEMINI_CLI_HOME"] = home;
        launch.Files[Path.Combine(folder, "settings.json")] = GeminiSettings.Build(settings, userFolder is null ? null : ReadUserFile(Path.Combine(userFolder, "settings.json")));
        if (userFolder is not null && Directory.Exists(userFolder))
        {
            try
            {
                foreach (string entry in Directory.EnumerateFileSystemEntries(userFolder))
                {
                    string name = Path.GetFileName(entry);
                    if (!GeminiSettings.NotLinked.Contains(name))
                    {
                        launch.Links[Path.Combine(folder, name)] = entry;
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                launch.Notes.Add($"cannot read {userFolder} ({ex.Message}): Gemini CLI runs without the rest of its files there.");
            }
        }

        if (settings.Yolo)
        {
            launch.Environment["GEMINI_CLI_TRUST_WORKSPACE"] = "true";
        }
    }

    /// <summary>The user's Codex config.toml ($CODEX_HOME/config.toml, else ~/.codex/config.toml), read only; null when there is none.</summary>
    private static string? ReadUserCodexConfig(Func<string, string?> variables)
    {
        string? home = variables("CODEX_HOME") is { Length: > 0 } codexHome
            ? codexHome
            : (variables("HOME") ?? variables("USERPROFILE")) is { Length: > 0 } userHome ? Path.Combine(userHome, ".codex") : null;
        return home is null ? null : ReadUserFile(Path.Combine(home, "config.toml"));
    }

    /// <summary>A file of the user's or the machine's configuration, read only; null when it is missing or unreadable.</summary>
    private static string? ReadUserFile(string file)
    {
        try
        {
            return File.Exists(file) ? File.ReadAllText(file) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
