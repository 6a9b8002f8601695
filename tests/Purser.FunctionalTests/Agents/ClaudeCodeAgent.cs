using System.Text.Json.Nodes;

namespace Purser.FunctionalTests.Agents;

/// <summary>
/// Claude Code (`claude -p`): Anthropic Messages at ANTHROPIC_BASE_URL with the key in ANTHROPIC_API_KEY (sent as
/// x-api-key). CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC turns off telemetry, error reports, the auto-updater and other
/// calls; the small-model default is the same model, so every call goes to the chosen upstream.
/// </summary>
public sealed class ClaudeCodeAgent : CodingAgent
{
    public override string Name => "claude-code";

    public override string Package => "@anthropic-ai/claude-code";

    public override string Binary => "claude";

    public override string Protocol => "anthropic";

    public override string ReadTool => "Read";

    public override string ReadToolArguments(string path) => new JsonObject { ["file_path"] = path }.ToJsonString();

    public override AgentInvocation Prepare(AgentSetup setup) => new(
        Binary,
        ["-p", setup.Prompt, "--model", setup.Model, "--allowedTools", "Read"],
        new Dictionary<string, string>
        {
            ["HOME"] = setup.Home,
            ["ANTHROPIC_BASE_URL"] = setup.GatewayUrl,
            ["ANTHROPIC_API_KEY"] = setup.ApiKey,
            ["ANTHROPIC_DEFAULT_HAIKU_MODEL"] = setup.Model,
            ["CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"] = "1",
            ["DISABLE_AUTOUPDATER"] = "1",
            ["ANTHROPIC_CUSTOM_HEADERS"] = "x-purser-project: " + setup.Project,
        });
}
