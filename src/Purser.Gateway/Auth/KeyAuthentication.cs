using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Purser.Configuration;
using Purser.Errors;
using Purser.Gateway.Admin;
using Purser.Gateway.Http;
using Purser.Gateway.Security;
using Purser.Keys;

namespace Purser.Gateway.Auth;

/// <summary>
/// Authenticates callers of the model endpoints (/v1/* and the Gemini API's /v1beta/*). The key is read from
/// Authorization: Bearer, x-api-key or x-purser-master-key, and on /v1beta also from x-goog-api-key or ?key= (where
/// Gemini clients put it). The master key passes; a virtual key (pk-purser-…) is checked — valid: its attribution and
/// allowed models apply to the call; unknown, wrong or revoked: 401, always. Anything else (no key, or the placeholder
/// an SDK insists on) passes in open mode and gets 401 when Purser:Auth:RequireKeys is on. Errors are written in the
/// endpoint's own protocol. Every refused key counts against the caller's address (<see cref="AuthFailureLimiter"/>):
/// past the limit, keys from that address get 429 until its window ends.
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
        AuthFailureLimiter failures = services.GetRequiredService<AuthFailureLimiter>();
        KeyCheck check = services.GetRequiredService<KeyRegistry>().Check(presented);
        bool requireKeys = services.GetRequiredService<PurserOptions>().Auth.RequireKeys;

        // A key that would be checked is refused outright while its address waits out too many failures.
        bool checkedKey = check.Outcome != KeyCheckOutcome.NotAVirtualKey || (requireKeys && !string.IsNullOrEmpty(presented));
        if (checkedKey && failures.RetryAfter(http.Connection.RemoteIpAddress) is TimeSpan wait)
        {
            await EndpointErrors.WriteAsync(http, AuthFailureLimiter.Refusal(wait));
            return;
        }

        if (services.GetRequiredService<AdminAuth>().IsMasterKey(presented))
        {
            await next(http);
            return;
        }

        switch (check.Outcome)
        {
            case KeyCheckOutcome.Valid:
                http.Items[ItemKey] = check.Key;
                await next(http);
                return;
            case KeyCheckOutcome.Revoked:
                failures.RecordFailure(http.Connection.RemoteIpAddress, http.Request.Path.Value ?? "", "revoked virtual key " + check.Key!.Display);
                await RefuseAsync(http, check.Refusal!, "key_revoked");
                return;
            case KeyCheckOutcome.Invalid:
                failures.RecordFailure(http.Connection.RemoteIpAddress, http.Request.Path.Value ?? "", "unknown or wrong virtual key");
                await RefuseAsync(http, check.Refusal!, "invalid_api_key");
                return;
            default:
                if (requireKeys)
                {
                    if (presented is not null)
                    {
                        failures.RecordFailure(http.Connection.RemoteIpAddress, http.Request.Path.Value ?? "", "neither a virtual key nor the master key");
                    }

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

    private static Task RefuseAsync(HttpContext http, string message, string code) =>
        EndpointErrors.WriteAsync(http, new PurserError(ErrorKind.Unauthorized, 401, message)
        {
            Code = code,
            Headers = new Dictionary<string, string> { ["WWW-Authenticate"] = "Bearer" },
        });
}
