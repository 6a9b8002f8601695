using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Purser.Configuration;
using Purser.Errors;
using Purser.Gateway.Admin;
using Purser.Gateway.Inbound;
using Purser.Keys;

namespace Purser.Gateway.Auth;

/// <summary>
/// Authenticates callers of the model endpoints (/v1/* and the Gemini API's /v1beta/*). The key is read from
/// Authorization: Bearer, x-api-key or x-purser-master-key, and on /v1beta also from x-goog-api-key or ?key= (where
/// Gemini clients put it). The master key passes; a virtual key (pk-purser-…) is checked — valid: its attribution and
/// allowed models apply to the call; unknown, wrong or revoked: 401, always. Anything else (no key, or the placeholder
/// an SDK insists on) passes in open mode and gets 401 when Purser:Auth:RequireKeys is on. Errors are written in the
/// endpoint's own protocol.
/// </summary>
internal static class KeyAuthentication
{
    private static readonly object ItemKey = new();

    public static IApplicationBuilder UsePurserKeys(this IApplicationBuilder app) => app.Use(InvokeAsync);

    /// <summary>The virtual key the request was authenticated with, if any.</summary>
    public static VirtualKey? KeyOf(HttpContext http) => http.Items.TryGetValue(ItemKey, out object? key) ? key as VirtualKey : null;

    private static async Task InvokeAsync(HttpContext http, RequestDelegate next)
    {
        bool gemini = http.Request.Path.StartsWithSegments("/v1beta", StringComparison.OrdinalIgnoreCase);
        if (!gemini && !http.Request.Path.StartsWithSegments("/v1", StringComparison.OrdinalIgnoreCase))
        {
            await next(http);
            return;
        }

        IServiceProvider services = http.RequestServices;
        string? presented = AdminAuth.PresentedKey(http.Request) ?? (gemini ? GeminiKey(http.Request) : null);
        if (services.GetRequiredService<AdminAuth>().IsMasterKey(presented))
        {
            await next(http);
            return;
        }

        KeyCheck check = services.GetRequiredService<KeyRegistry>().Check(presented);
        switch (check.Outcome)
        {
            case KeyCheckOutcome.Valid:
                http.Items[ItemKey] = check.Key;
                await next(http);
                return;
            case KeyCheckOutcome.Revoked:
                await RefuseAsync(http, check.Refusal!, "key_revoked");
                return;
            case KeyCheckOutcome.Invalid:
                await RefuseAsync(http, check.Refusal!, "invalid_api_key");
                return;
            default:
                if (services.GetRequiredService<PurserOptions>().Auth.RequireKeys)
                {
                    await RefuseAsync(
                        http,
                        presented is null
                            ? "This gateway requires a virtual key: send Authorization: Bearer pk-purser-… (or x-api-key). Create one with `purser keys create`."
                            : "This gateway requires a virtual key (pk-purser-…); the key sent is not one. Create one with `purser keys create`.",
                        presented is null ? "missing_api_key" : "invalid_api_key");
                    return;
                }

                await next(http);
                return;
        }
    }

    /// <summary>A Gemini client's key: the x-goog-api-key header, or the key query parameter.</summary>
    private static string? GeminiKey(HttpRequest request)
    {
        string? header = request.Headers["x-goog-api-key"];
        if (!string.IsNullOrEmpty(header))
        {
            return header.Trim();
        }

        string? query = request.Query["key"];
        return string.IsNullOrEmpty(query) ? null : query.Trim();
    }

    private static async Task RefuseAsync(HttpContext http, string message, string code)
    {
        var error = new PurserError(ErrorKind.Unauthorized, 401, message) { Code = code };
        IInboundProtocol protocol = http.Request.Path.StartsWithSegments("/v1/messages", StringComparison.OrdinalIgnoreCase)
            ? AnthropicInbound.Instance
            : http.Request.Path.StartsWithSegments("/v1beta", StringComparison.OrdinalIgnoreCase)
                ? GeminiInbound.Errors
                : OpenAIInbound.Instance;
        byte[] body = protocol.WriteError(error);
        http.Response.StatusCode = 401;
        http.Response.ContentType = "application/json";
        http.Response.Headers.WWWAuthenticate = "Bearer";
        http.Response.ContentLength = body.Length;
        await http.Response.Body.WriteAsync(body, http.RequestAborted);
    }
}
