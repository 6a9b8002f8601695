using Microsoft.AspNetCore.Http;
using Purser.Keys;

namespace Purser.Gateway.Mcp;

/// <summary>
/// Who is calling Purser's MCP tools: over <c>/mcp</c>, the key of the HTTP request (a virtual key, or null for the master
/// key); over stdio (<c>purser mcp</c>), the local user, charged to the virtual key given to the command if any.
/// </summary>
public sealed class McpCaller(IHttpContextAccessor accessor)
{
    /// <summary>The virtual key <c>purser mcp --key</c> (or PURSER_API_KEY) names, for calls over stdio.</summary>
    internal VirtualKey? LocalKey { get; set; }

    /// <summary>Whether the call came over HTTP (then the tools never read the gateway's own files).</summary>
    internal bool OverHttp => accessor.HttpContext is not null;

    internal VirtualKey? Key => accessor.HttpContext is { } http ? McpAuthentication.KeyOf(http) : LocalKey;
}
