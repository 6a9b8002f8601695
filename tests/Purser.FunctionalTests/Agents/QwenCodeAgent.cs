using System.Text.Json.Nodes;

namespace Purser.FunctionalTests.Agents;

/// <summary>
/// Qwen Code (`qwen -p`): OpenAI Chat Completions at OPENAI_BASE_URL with OPENAI_API_KEY and OPENAI_MODEL, the OpenAI
/// auth type chosen in ~/.qwen/settings.json, usage statistics, telemetry and update checks off.
/// </summary>
public sealed class QwenCodeAgent : CodingAgent
{
    public override string Name => "qwen-code";

    public override string Package => "@qwen-code/qwen-code";

    public override string Binary => "qwen";

    public override string Protocol => "openai";

    public override string ReadTool => "read_file";

    public override string ReadToolArguments(string path) => new JsonObject { ["file_path"] = path }.ToJsonString();

    public override AgentInvocation Prepare(AgentSetup setup)
    {
        WriteFile(Path.Combine(setup.Home, ".qwen", "settings.json"), $$"""
            {
              "security": { "auth": { "selectedType": "openai" } },
              "model": { "generationConfig": { "customHeaders": { "x-purser-project": "{{setup.Project}}" } } },
              "privacy": { "usageStatisticsEnabled": false },
              "telemetry": { "enabled": false },
              "general": { "enableAutoUpdate": false }
            }
            """);
        return new(
            Binary,
            ["-p", setup.Prompt],
            new Dictionary<string, string>
            {
                ["HOME"] = setup.Home,
                ["OPENAI_BASE_URL"] = setup.GatewayUrl + "/v1",
                ["OPENAI_API_KEY"] = setup.ApiKey,
                ["OPENAI_MODEL"] = setup.Model,
            });
    }
}
