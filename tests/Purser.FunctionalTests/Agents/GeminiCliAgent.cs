using System.Text.Json.Nodes;

namespace Purser.FunctionalTests.Agents;

/// <summary>
/// Gemini CLI (`gemini -p`): the Gemini API at GOOGLE_GEMINI_BASE_URL with the key in GEMINI_API_KEY (sent as
/// x-goog-api-key). Headless it needs the API-key auth type chosen in ~/.gemini/settings.json and a trusted workspace;
/// the same settings turn off usage statistics, telemetry and update checks.
/// </summary>
public sealed class GeminiCliAgent : CodingAgent
{
    public override string Name => "gemini-cli";

    public override string Package => "@google/gemini-cli";

    public override string Binary => "gemini";

    public override string Protocol => "gemini";

    public override string ReadTool => "read_file";

    public override string ReadToolArguments(string path) => new JsonObject { ["file_path"] = path }.ToJsonString();

    public override AgentInvocation Prepare(AgentSetup setup)
    {
        WriteFile(Path.Combine(setup.Home, ".gemini", "settings.json"), """
            {
              "security": { "auth": { "selectedType": "gemini-api-key" } },
              "privacy": { "usageStatisticsEnabled": false },
              "telemetry": { "enabled": false },
              "general": { "enableAutoUpdate": false, "enableAutoUpdateNotification": false }
            }
            """);
        return new(
            Binary,
            ["-p", setup.Prompt, "-m", setup.Model],
            new Dictionary<string, string>
            {
                ["HOME"] = setup.Home,
                ["GOOGLE_GEMINI_BASE_URL"] = setup.GatewayUrl,
                ["GEMINI_API_KEY"] = setup.ApiKey,
                ["GEMINI_CLI_TRUST_WORKSPACE"] = "true",
                ["GEMINI_CLI_CUSTOM_HEADERS"] = "x-purser-project:" + setup.Project,
            });
    }
}
