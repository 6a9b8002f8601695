using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Purser.Errors;
using Purser.Gateway.Admin;
using Purser.Gateway.Http;
using Purser.Gateway.Security;
using Purser.Keys;

namespace Purser.Gateway.Mcp;

/// <summary>
/// Guards <c>/mcp</c>: the master key passes (calls are the operator's), a valid virtual key passes and its tool calls
/// are charged to it (a <c>purser run</c> session's key: its budget, its ledger rows). No key, another key, or a revoked
/// one is a 401 — the tools spend money and show costs, so there is no open mode. Refused keys count against the
/// caller's address (<see cref="AuthFailureLimiter"/>) as on the other endpoints.
/// </summary>
internal static class McpAuthentication
{
    public const string Path = "/mcp";

    private static readonly object ItemKey = new();

    public static IApplicationBuilder UsePurserMcpAuthentication(this IApplicationBuilder app) => app.Use(InvokeAsync);

    /// <summary>The virtual key an /mcp request was made with; null for the master key.</summary>
    public static VirtualKey? KeyOf(HttpContext http) => http.Items.TryGetValue(ItemKey, out object? key) ? key as VirtualKey : null;

    private static async Task InvokeAsync(HttpContext http, RequestDelegate next)
    {
        if (!http.Request.Path.StartsWithSegments(Path, StringComparison.OrdinalIgnoreCase))
        {
            await next(http);
            return;
        }

        IServiceProvider services = http.RequestServices;
        string? presented = AdminAuth.PresentedKey(http.Request);
        AuthFailureLimiter failures = services.GetRequiredService<AuthFailureLimiter>();
        if (!string.IsNullOrEmpty(presented) && failures.RetryAfter(http.Connection.RemoteIpAddress) is TimeSpan wait)
        {
            await EndpointErrors.WriteAsync(http, AuthFailureLimiter.Refusal(wait));
            return;
        }

        if (services.GetRequiredService<AdminAuth>().IsMasterKey(presented))
        {
            await next(http);
            return;
        }

        KeyCheck check = services.GetRequiredService<KeyRegistry>().Check(presented);
        if (check.Outcome == KeyCheckOutcome.Valid)
        {
            http.Items[ItemKey] = check.Key;
            await next(http);
            return;
        }

        if (!string.IsNullOrEmpty(presented))
        {
            failures.RecordFailure(http.Connection.RemoteIpAddress, http.Request.Path.Value ?? "", check.Refusal ?? "neither a virtual key nor the master key");
        }

        await EndpointErrors.WriteAsync(http, new PurserError(
            ErrorKind.Unauthorized,
            401,
            check.Refusal ?? "Purser's MCP server needs the master key or a virtual key: send Authorization: Bearer <key>.")
        {
            Code = string.IsNullOrEmpty(presented) ? "missing_api_key" : check.Outcome == KeyCheckOutcome.Revoked ? "key_revoked" : "invalid_api_key",
            Headers = new Dictionary<string, string> { ["WWW-Authenticate"] = "Bearer" },
        });
    }
}
