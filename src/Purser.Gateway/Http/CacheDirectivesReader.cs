using Microsoft.AspNetCore.Http;
using Purser.Caching;
using Purser.Errors;

namespace Purser.Gateway.Http;

/// <summary>
/// Reads what the caller asks of the cache: <c>Cache-Control: no-cache</c> (do not answer from the cache) and
/// <c>no-store</c> (do not store the answer); <c>x-purser-cache: off</c> (neither), <c>refresh</c> (fetch anew
/// and store), <c>on</c> (cache even a sampling request); <c>x-purser-cache-ttl</c> (e.g. 3600, 30m, 7d).
/// </summary>
internal static class CacheDirectivesReader
{
    public const string ControlHeader = "x-purser-cache";
    public const string TtlHeader = "x-purser-cache-ttl";

    public static bool TryRead(HttpRequest request, out CacheDirectives directives, out PurserError? error)
    {
        error = null;
        bool noRead = false, noWrite = false, optIn = false;
        foreach (string? value in request.Headers.CacheControl)
        {
            foreach (string token in (value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (token.Equals("no-cache", StringComparison.OrdinalIgnoreCase))
                {
                    noRead = true;
                }
                else if (token.Equals("no-store", StringComparison.OrdinalIgnoreCase))
                {
                    noWrite = true;
                }
            }
        }

        string? control = request.Headers[ControlHeader];
        if (!string.IsNullOrWhiteSpace(control))
        {
            switch (control.Trim().ToLowerInvariant())
            {
                case "off":
                    noRead = noWrite = true;
                    break;
                case "refresh":
                    noRead = true;
                    break;
                case "on":
                    optIn = true;
                    break;
                default:
                    directives = default;
                    error = PurserError.BadRequest($"The {ControlHeader} header must be on, off or refresh; got '{control.Trim()}'.", ControlHeader, "invalid_header");
                    return false;
            }
        }

        TimeSpan? ttl = null;
        string? ttlText = request.Headers[TtlHeader];
        if (!string.IsNullOrWhiteSpace(ttlText))
        {
            if (!CacheDuration.TryParse(ttlText, out TimeSpan parsed))
            {
                directives = default;
                error = PurserError.BadRequest($"The {TtlHeader} header must be a duration such as 3600, 30m, 24h or 7d; got '{ttlText.Trim()}'.", TtlHeader, "invalid_header");
                return false;
            }

            ttl = parsed;
        }

        directives = new CacheDirectives { NoRead = noRead, NoWrite = noWrite, AllowNonDeterministic = optIn, Ttl = ttl };
        return true;
    }
}
