namespace Purser.Cli.Run;

/// <summary>What an agent is pointed at: the session's gateway, key and settings.</summary>
internal sealed record LaunchSettings
{
    /// <summary>The gateway's root, e.g. http://127.0.0.1:41234 (no trailing slash).</summary>
    public required string GatewayUrl { get; init; }

    /// <summary>The session's virtual key.</summary>
    public required string Key { get; init; }

    public required string SessionId { get; init; }

    /// <summary>The model every call is mapped to (--model, --yolo), if any.</summary>
    public string? Model { get; init; }

    /// <summary>--yolo: the agent acts without asking for confirmation.</summary>
    public bool Yolo { get; init; }

    /// <summary>--mcp: the agent is offered Purser's MCP tools at &lt;gateway&gt;/mcp.</summary>
    public bool Mcp { get; init; }

    /// <summary>A private folder for the generated configuration files, removed when the session ends.</summary>
    public required string ConfigFolder { get; init; }

    public string OpenAIBaseUrl => GatewayUrl + "/v1";

    public string McpUrl => GatewayUrl + "/mcp";
}
