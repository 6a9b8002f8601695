using System.Text.Json.Nodes;

namespace Purser.FunctionalTests.Agents;

/// <summary>
/// Codex CLI (`codex exec`): the OpenAI Responses API through a model provider in $CODEX_HOME/config.toml with
/// wire_api = "responses" and the key in the variable its env_key names. The curated-plugin sync (GitHub, chatgpt.com),
/// apps and analytics are turned off there, as is the update check; nothing else leaves loopback.
/// </summary>
public sealed class CodexAgent : CodingAgent
{
    public override string Name => "codex";

    public override string Package => "@openai/codex";

    public override string Binary => "codex";

    public override string Protocol => "responses";

    /// <summary>Codex reads files through its shell tool.</summary>
    public override string ReadTool => "exec_command";

    public override string ReadToolArguments(string path) => new JsonObject { ["cmd"] = "cat " + path }.ToJsonString();

    /// <summary>Also onto OpenAI itself, where Purser passes the Responses calls through.</summary>
    public override IReadOnlyList<string> UpstreamKinds => [.. base.UpstreamKinds, AgentGateway.ResponsesKind];

    public override AgentInvocation Prepare(AgentSetup setup)
    {
        string codexHome = Path.Combine(setup.Home, ".codex");
        WriteFile(Path.Combine(codexHome, "config.toml"), $$"""
            model = "{{setup.Model}}"
            model_provider = "purser"
            check_for_update_on_startup = false

            [model_providers.purser]
            name = "Purser"
            base_url = "{{setup.GatewayUrl}}/v1"
            env_key = "PURSER_API_KEY"
            wire_api = "responses"
            http_headers = { "x-purser-project" = "{{setup.Project}}" }

            [features]
            plugins = false
            remote_plugin = false
            apps = false

            [analytics]
            enabled = false
            """);
        return new(
            Binary,
            ["exec", "--skip-git-repo-check", setup.Prompt],
            new Dictionary<string, string>
            {
                ["HOME"] = setup.Home,
                ["CODEX_HOME"] = codexHome,
                ["PURSER_API_KEY"] = setup.ApiKey,
            });
    }
}
