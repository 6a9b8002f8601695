namespace Purser.FunctionalTests.Run;

/// <summary>The four agents <see cref="AgentRunTests"/> runs through <c>purser run</c> (Claude Code has its own class, <see cref="ClaudeCodeRunTests"/>).</summary>
public static class RunAgents
{
    public const string Prompt = "Say hello.";

    /// <summary>Codex CLI: the user's config.toml names OpenAI as its provider; purser run's CODEX_HOME copy replaces it.</summary>
    public static readonly RunAgent Codex = new(
        "codex",
        "@openai/codex",
        "codex",
        ["exec", "--skip-git-repo-check", Prompt],
        ["responses"],
        new Dictionary<string, string>
        {
            [".codex/config.toml"] = """
                model = "gpt-5"
                model_provider = "openai"
                check_for_update_on_startup = false

                [features]
                plugins = false
                remote_plugin = false
                apps = false

                [analytics]
                enabled = false
                """,
        },
        "model_provider = \"openai\"",
        new Dictionary<string, string>());

    /// <summary>OpenCode: the user's global opencode.json picks an Anthropic model; purser run's OPENCODE_CONFIG is merged over it.</summary>
    public static readonly RunAgent OpenCode = new(
        "opencode",
        "opencode-ai",
        "opencode",
        ["run", Prompt],
        ["openai", "anthropic"],
        new Dictionary<string, string>
        {
            [".config/opencode/opencode.json"] = """
                { "$schema": "https://opencode.ai/config.json", "model": "anthropic/claude-sonnet-4-5", "autoupdate": false, "share": "disabled" }
                """,
        },
        "anthropic/claude-sonnet-4-5",
        new Dictionary<string, string>
        {
            ["OPENCODE_DISABLE_AUTOUPDATE"] = "1",
            ["OPENCODE_DISABLE_MODELS_FETCH"] = "1",
            ["OPENCODE_DISABLE_LSP_DOWNLOAD"] = "1",
            ["npm_config_offline"] = "true",
        });

    /// <summary>Gemini CLI: the user signed in with Google; purser run's system settings choose the API key (Purser's) instead.</summary>
    public static readonly RunAgent Gemini = new(
        "gemini",
        "@google/gemini-cli",
        "gemini",
        ["-p", Prompt],
        ["gemini"],
        new Dictionary<string, string>
        {
            [".gemini/settings.json"] = """
                {
                  "security": { "auth": { "selectedType": "oauth-personal" } },
                  "privacy": { "usageStatisticsEnabled": false },
                  "telemetry": { "enabled": false },
                  "general": { "enableAutoUpdate": false, "enableAutoUpdateNotification": false }
                }
                """,
        },
        "oauth-personal",
        new Dictionary<string, string> { ["GEMINI_CLI_TRUST_WORKSPACE"] = "true" });

    /// <summary>Qwen Code: the user signed in with Qwen OAuth; purser run's --auth-type openai and OPENAI_* variables win.</summary>
    public static readonly RunAgent Qwen = new(
        "qwen",
        "@qwen-code/qwen-code",
        "qwen",
        ["-p", Prompt],
        ["openai"],
        new Dictionary<string, string>
        {
            [".qwen/settings.json"] = """
                {
                  "security": { "auth": { "selectedType": "qwen-oauth" } },
                  "privacy": { "usageStatisticsEnabled": false },
                  "telemetry": { "enabled": false },
                  "general": { "enableAutoUpdate": false }
                }
                """,
        },
        "qwen-oauth",
        new Dictionary<string, string>());

    public static IReadOnlyList<RunAgent> All { get; } = [Codex, OpenCode, Gemini, Qwen];
}
