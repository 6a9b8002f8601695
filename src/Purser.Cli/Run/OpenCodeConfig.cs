using System.Text.Json.Nodes;

namespace Purser.Cli.Run;

/// <summary>
/// The file OPENCODE_CONFIG names for an OpenCode session; OpenCode merges it over the user's own configuration, which is
/// left alone. Its OpenAI and Anthropic providers are pointed at the gateway, a "purser" provider (OpenAI-compatible)
/// offers the aliases, and with --model/--yolo it is the default model; --yolo allows edits and commands without asking,
/// --mcp adds Purser's MCP server. Keys are OpenCode {env:…} references, so no secret is written.
/// </summary>
internal static class OpenCodeConfig
{
    public const string ProviderId = "purser";

    public static string Build(LaunchSettings settings)
    {
        string key = "{env:" + AgentLaunchPlanner.KeyVariable + "}";
        JsonObject Options() => new() { ["baseURL"] = settings.OpenAIBaseUrl, ["apiKey"] = key };

        var models = new JsonObject();
        foreach (string alias in (ReadOnlySpan<string>)["cheap", "smart", "fast", "auto"])
        {
            models[alias] = new JsonObject { ["name"] = "Purser " + alias };
        }

        if (settings.Model is { } mapped && !models.ContainsKey(mapped))
        {
            models[mapped] = new JsonObject { ["name"] = mapped };
        }

        var config = new JsonObject
        {
            ["provider"] = new JsonObject
            {
                ["openai"] = new JsonObject { ["options"] = Options() },
                ["anthropic"] = new JsonObject { ["options"] = Options() },
                [ProviderId] = new JsonObject
                {
                    ["npm"] = "@ai-sdk/openai-compatible",
                    ["name"] = "Purser",
                    ["options"] = Options(),
                    ["models"] = models,
                },
            },
        };
        if (settings.Model is { } model)
        {
            config["model"] = ProviderId + "/" + model;
        }

        if (settings.Yolo)
        {
            config["permission"] = new JsonObject { ["edit"] = "allow", ["bash"] = "allow", ["webfetch"] = "allow" };
        }

        if (settings.Mcp)
        {
            config["mcp"] = new JsonObject
            {
                [ProviderId] = new JsonObject
                {
                    ["type"] = "remote",
                    ["url"] = settings.McpUrl,
                    ["headers"] = new JsonObject { ["Authorization"] = "Bearer " + key },
                },
            };
        }

        return config.ToJsonString(AgentLaunchPlanner.Indented);
    }
}
