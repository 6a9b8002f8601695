namespace Purser.Cli.Run;

/// <summary>Where an agent reads its provider (and MCP servers) from besides environment variables.</summary>
internal enum AgentConfigKind
{
    /// <summary>Environment variables only.</summary>
    None,

    /// <summary>Codex CLI: CODEX_HOME/config.toml (a generated copy of the user's, with a Purser model provider).</summary>
    Codex,

    /// <summary>OpenCode: OPENCODE_CONFIG, a generated file merged over the user's own configuration.</summary>
    OpenCode,

    /// <summary>Gemini CLI: GEMINI_CLI_HOME, a private folder whose settings.json is a copy of the user's choosing the API-key sign-in.</summary>
    Gemini,
}
