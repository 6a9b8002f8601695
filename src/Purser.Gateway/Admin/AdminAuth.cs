using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Purser.Configuration;

namespace Purser.Gateway.Admin;

/// <summary>
/// Guards the admin API (/api/*) with the master key (Purser:Auth:MasterKey or PURSER_MASTER_KEY), sent as
/// "Authorization: Bearer …", "x-api-key" or "x-purser-master-key". Only a SHA-256 of the key is kept, and
/// comparison is constant-time. With no master key configured, only loopback callers are let in.
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

    /// <summary>Lets the request through, or writes 401/403 and returns false.</summary>
    public async Task<bool> AuthorizeAsync(HttpContext http)
    {
        if (_masterHash is null)
        {
            if (http.Connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote))
            {
                return true;
            }

            await AdminResults.ErrorAsync(http, 403, "permission_error", "The admin API is open only to loopback callers until a master key is configured (Purser:Auth:MasterKey or PURSER_MASTER_KEY).");
            return false;
        }

        if (IsMasterKey(PresentedKey(http.Request)))
        {
            return true;
        }

        await AdminResults.ErrorAsync(http, 401, "authentication_error", "This endpoint needs the master key (Authorization: Bearer <master key>).");
        return false;
    }
}
