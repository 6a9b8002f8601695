using System.Text.Json.Nodes;

namespace Purser.Cli.Run;

/// <summary>The file Claude Code's --mcp-config reads for a session: Purser's MCP server over streamable HTTP with the session key.</summary>
internal static class ClaudeMcpConfig
{
    public const string ServerName = "purser";

    public static string Build(LaunchSettings settings) => new JsonObject
    {
        ["mcpServers"] = new JsonObject
        {
            [ServerName] = new JsonObject
            {
                ["type"] = "http",
                ["url"] = settings.McpUrl,
                ["headers"] = new JsonObject { ["Authorization"] = "Bearer " + settings.Key },
            },
        },
    }.ToJsonString(AgentLaunchPlanner.Indented);
}
