using System.Text.Json.Nodes;

namespace Purser.FunctionalTests.Agents;

/// <summary>
/// OpenCode (`opencode run`): a custom provider on the bundled OpenAI-compatible SDK in the file OPENCODE_CONFIG names,
/// the same model for titles. Updates, the models.dev catalogue, LSP downloads and sharing are off; OpenCode also
/// installs its plugin SDK into its config folder from npm in the background, which npm's offline mode refuses at once.
/// </summary>
public sealed class OpenCodeAgent : CodingAgent
{
    public override string Name => "opencode";

    public override string Package => "opencode-ai";

    public override string Binary => "opencode";

    public override string Protocol => "openai";

    public override string ReadTool => "read";

    public override string ReadToolArguments(string path) => new JsonObject { ["filePath"] = path }.ToJsonString();

    public override AgentInvocation Prepare(AgentSetup setup)
    {
        var config = new JsonObject
        {
            ["$schema"] = "https://opencode.ai/config.json",
            ["model"] = "purser/" + setup.Model,
            ["small_model"] = "purser/" + setup.Model,
            ["autoupdate"] = false,
            ["share"] = "disabled",
            ["provider"] = new JsonObject
            {
                ["purser"] = new JsonObject
                {
                    ["npm"] = "@ai-sdk/openai-compatible",
                    ["name"] = "Purser",
                    ["options"] = new JsonObject
                    {
                        ["baseURL"] = setup.GatewayUrl + "/v1",
                        ["apiKey"] = setup.ApiKey,
                        ["headers"] = new JsonObject { ["x-purser-project"] = setup.Project },
                    },
                    ["models"] = new JsonObject { [setup.Model] = new JsonObject { ["name"] = setup.Model } },
                },
            },
        };
        string path = WriteFile(Path.Combine(setup.Home, "opencode.json"), config.ToJsonString());
        return new(
            Binary,
            ["run", setup.Prompt],
            new Dictionary<string, string>
            {
                ["HOME"] = setup.Home,
                ["OPENCODE_CONFIG"] = path,
                ["OPENCODE_DISABLE_AUTOUPDATE"] = "1",
                ["OPENCODE_DISABLE_MODELS_FETCH"] = "1",
                ["OPENCODE_DISABLE_LSP_DOWNLOAD"] = "1",
                ["npm_config_offline"] = "true",
            });
    }
}
