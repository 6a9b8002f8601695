using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Purser.Configuration;
using Purser.Errors;
using Purser.Gateway.Http;
using Purser.Gateway.Security;

namespace Purser.Gateway.Admin;

/// <summary>
/// Guards the admin API (/api/*) with the master key (Purser:Auth:MasterKey or PURSER_MASTER_KEY), sent as
/// "Authorization: Bearer …", "x-api-key" or "x-purser-master-key". Only a SHA-256 of the key is kept, and
/// comparison is constant-time. Without a master key the admin API is closed: where a call comes from proves nothing
/// (behind a reverse proxy on the same machine every caller is loopback). Wrong keys count against the caller's
/// address (<see cref="AuthFailureLimiter"/>).
/// </summary>
public sealed class AdminAuth
{
    private readonly byte[]? _masterHash;

    public AdminAuth(PurserOptions options, Func<string, string?> environment)
    {
        string? master = ProviderEnvironment.ResolveSecret(options.Auth.MasterKey, environment) ?? environment("PURSER_MASTER_KEY");
        _masterHash = string.IsNullOrEmpty(master) ? null : SHA256.HashData(Encoding.UTF8.GetBytes(master));
    }

    public bool HasMasterKey => _masterHash is not null;

    /// <summary>Whether <paramref name="presented"/> is the master key.</summary>
    public bool IsMasterKey(string? presented) =>
        _masterHash is not null && presented is { Length: > 0 }
        && CryptographicOperations.FixedTimeEquals(_masterHash, SHA256.HashData(Encoding.UTF8.GetBytes(presented)));

    /// <summary>The key a request presents, from Authorization: Bearer, x-api-key or x-purser-master-key.</summary>
    public static string? PresentedKey(HttpRequest request)
    {
        string? authorization = request.Headers.Authorization;
        if (authorization is not null && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization[7..].Trim();
        }

        string? apiKey = request.Headers["x-api-key"];
        return string.IsNullOrEmpty(apiKey) ? request.Headers["x-purser-master-key"] : apiKey;
    }

    /// <summary>The admin guard with the request's own services: for endpoint filters and middleware.</summary>
    internal static Task<bool> AuthorizeRequestAsync(HttpContext http) =>
        http.RequestServices.GetRequiredService<AdminAuth>().AuthorizeAsync(http, http.RequestServices.GetRequiredService<AuthFailureLimiter>());

    /// <summary>Lets the request through, or writes 401/403/429 and returns false.</summary>
    internal async Task<bool> AuthorizeAsync(HttpContext http, AuthFailureLimiter failures)
    {
        if (_masterHash is null)
        {
            await EndpointErrors.WriteAsync(http, new PurserError(ErrorKind.Unauthorized, 403, "The admin API needs the master key, and none is configured: set Purser:Auth:MasterKey (or PURSER_MASTER_KEY) and send it as Authorization: Bearer <master key>. Commands run without --server read the data folder directly and need no key.") { Code = "master_key_not_configured" });
            return false;
        }

        string? presented = PresentedKey(http.Request);
        if (!string.IsNullOrEmpty(presented) && failures.RetryAfter(http.Connection.RemoteIpAddress) is TimeSpan wait)
        {
            await EndpointErrors.WriteAsync(http, AuthFailureLimiter.Refusal(wait));
            return false;
        }

        if (IsMasterKey(presented))
        {
            return true;
        }

        if (!string.IsNullOrEmpty(presented))
        {
            failures.RecordFailure(http.Connection.RemoteIpAddress, http.Request.Path.Value ?? "", "not the master key");
        }

        await EndpointErrors.WriteAsync(http, new PurserError(ErrorKind.Unauthorized, 401, "This endpoint needs the master key (Authorization: Bearer <master key>).")
        {
            Code = string.IsNullOrEmpty(presented) ? "missing_api_key" : "invalid_api_key",
            Headers = new Dictionary<string, string> { ["WWW-Authenticate"] = "Bearer" },
        });
        return false;
    }
}
