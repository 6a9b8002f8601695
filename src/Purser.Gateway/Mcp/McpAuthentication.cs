using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Purser.Gateway.Admin;
using Purser.Keys;

namespace Purser.Gateway.Mcp;

/// <summary>
/// Guards <c>/mcp</c>: the master key passes (calls are the operator's), a valid virtual key passes and its tool calls
/// are charged to it (a <c>purser run</c> session's key: its budget, its ledger rows); a revoked or unknown key is a 401.
/// With no key, only loopback callers of a gateway without a master key are let in, as for the admin API.
/// </summary>
internal static class McpAuthentication
{
    public const string Path = "/mcp";

    private static readonly object ItemKey = new();

    public static IApplicationBuilder UsePurserMcpAuthentication(this IApplicationBuilder app) => app.Use(InvokeAsync);

    /// <summary>The virtual key an /mcp request was made with; null for the master key (or an open loopback gateway).</summary>
    public static VirtualKey? KeyOf(HttpContext http) => http.Items.TryGetValue(ItemKey, out object? key) ? key as VirtualKey : null;

    private static async Task InvokeAsync(HttpContext http, RequestDelegate next)
    {
        if (!http.Request.Path.StartsWithSegments(Path, StringComparison.OrdinalIgnoreCase))
        {
            await next(http);
            return;
        }

        AdminAuth admin = http.RequestServices.GetRequiredService<AdminAuth>();
        string? presented = AdminAuth.PresentedKey(http.Request);
        if (admin.IsMasterKey(presented))
        {
            await next(http);
            return;
        }

        KeyCheck check = http.RequestServices.GetRequiredService<KeyRegistry>().Check(presented);
        switch (check.Outcome)
        {
            case KeyCheckOutcome.Valid:
                http.Items[ItemKey] = check.Key;
                await next(http);
                return;
            case KeyCheckOutcome.Revoked or KeyCheckOutcome.Invalid:
                await RefuseAsync(http, check.Refusal!);
                return;
            default:
                if (!admin.HasMasterKey && http.Connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote))
                {
                    await next(http);
                    return;
                }

                await RefuseAsync(http, "Purser's MCP server needs the master key or a virtual key: send Authorization: Bearer <key>.");
                return;
        }
    }

    private static Task RefuseAsync(HttpContext http, string message)
    {
        http.Response.Headers.WWWAuthenticate = "Bearer";
        return AdminResults.ErrorAsync(http, 401, "authentication_error", message);
    }
}
