using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Purser.Gateway.Admin;

namespace Purser.Gateway.Dashboard;

/// <summary>
/// Who may see the dashboard. With a master key: a signed-in session (cookie from the sign-in page), else a redirect to
/// it. Without one (open mode): only loopback clients that name the host as a loopback name (localhost, 127.x, [::1]),
/// so neither another machine nor a web page reached through DNS rebinding can use it. Every page answer also forbids
/// framing, caching and sniffing and allows scripts and styles from the gateway alone.
/// </summary>
internal static class DashboardAccess
{
    public static IApplicationBuilder UseDashboardAccess(this IApplicationBuilder app) => app.Use(InvokeAsync);

    private static async Task InvokeAsync(HttpContext http, RequestDelegate next)
    {
        Endpoint? endpoint = http.GetEndpoint();
        if (endpoint?.Metadata.GetMetadata<DashboardPageAttribute>() is null)
        {
            await next(http);
            return;
        }

        IHeaderDictionary headers = http.Response.Headers;
        headers.ContentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
        headers.XFrameOptions = "DENY";
        headers.XContentTypeOptions = "nosniff";
        // same-origin, not no-referrer: with no-referrer a browser sends "Origin: null" on the dashboard's own form posts,
        // which the gateway's origin check must refuse; a cross-site request still gets no referrer.
        headers["Referrer-Policy"] = "same-origin";
        headers.CacheControl = "no-cache, no-store";
        headers.Pragma = "no-cache";

        AdminAuth auth = http.RequestServices.GetRequiredService<AdminAuth>();
        if (!auth.HasMasterKey)
        {
            if (IsLoopback(http))
            {
                await next(http);
                return;
            }

            http.Response.StatusCode = StatusCodes.Status403Forbidden;
            http.Response.ContentType = "text/plain; charset=utf-8";
            await http.Response.WriteAsync("The dashboard is served only to this machine (a loopback address and host name) until a master key is configured (Purser:Auth:MasterKey or PURSER_MASTER_KEY).");
            return;
        }

        AuthenticateResult session = await http.AuthenticateAsync(DashboardAuth.Scheme);
        if (session.Succeeded)
        {
            http.User = session.Principal!;
            await next(http);
            return;
        }

        if (endpoint.Metadata.GetMetadata<SignInPageAttribute>() is not null)
        {
            await next(http);
            return;
        }

        if (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method))
        {
            string back = http.Request.Path + http.Request.QueryString;
            http.Response.Redirect("/login" + (back == "/" ? "" : "?return=" + Uri.EscapeDataString(back)));
            return;
        }

        http.Response.StatusCode = StatusCodes.Status401Unauthorized;
        http.Response.ContentType = "text/plain; charset=utf-8";
        await http.Response.WriteAsync("Sign in to the dashboard first.");
    }

    /// <summary>A loopback client that addressed the server by a loopback name.</summary>
    public static bool IsLoopback(HttpContext http)
    {
        if (http.Connection.RemoteIpAddress is not { } remote || !IPAddress.IsLoopback(remote))
        {
            return false;
        }

        string host = http.Request.Host.Host;
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(host.Trim('[', ']'), out IPAddress? address) && IPAddress.IsLoopback(address);
    }
}
