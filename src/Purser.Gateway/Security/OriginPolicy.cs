using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Purser.Gateway.Security;

/// <summary>
/// Refuses requests made by web pages of origins the operator did not allow: the defence against a page the user visits
/// using the gateway (and the operator's provider keys) behind the user's back. SDKs and CLIs send no <c>Origin</c> and are
/// not affected. A page's request is recognised by its <c>Origin</c> header, or, for the no-cors requests that carry none,
/// by <c>Sec-Fetch-Site: cross-site|same-site</c>. Allowed origins get CORS answers, preflight included.
/// </summary>
internal sealed class OriginPolicy
{
    /// <summary>The headers a cross-origin page may read: Purser's own and the rate-limit hints.</summary>
    private const string ExposedHeaders = "x-purser-request-id, x-purser-provider, x-purser-model, x-purser-cost-usd, x-purser-cache, x-purser-route, x-purser-budget-remaining-usd, x-purser-guard, x-purser-dropped-fields, retry-after";

    private readonly HashSet<string> _allowed = new(StringComparer.Ordinal);
    private readonly bool _any;
    private readonly string _maxAge;

    public OriginPolicy(GatewayCorsOptions options)
    {
        foreach (string origin in options.AllowedOrigins)
        {
            if (origin == "*")
            {
                _any = true;
            }
            else if (Normalize(origin) is { } normalized)
            {
                _allowed.Add(normalized);
            }
        }

        _maxAge = options.MaxAgeSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public OriginVerdict Check(HttpRequest request)
    {
        string? origin = request.Headers.Origin;
        if (string.IsNullOrEmpty(origin))
        {
            // A page's no-cors request (an image, a script, a form GET) carries no Origin, but a browser's fetch metadata
            // still says where it comes from. A navigation (the user following a link) is left alone.
            string? site = request.Headers["Sec-Fetch-Site"];
            return site is "cross-site" or "same-site" && request.Headers["Sec-Fetch-Mode"] != "navigate"
                ? OriginVerdict.Refused
                : OriginVerdict.NotFromAPage;
        }

        string? normalized = Normalize(origin);
        if (normalized is null)
        {
            // "null" (sandboxed frames, file: pages) or garbage.
            return OriginVerdict.Refused;
        }

        if (normalized == Normalize($"{request.Scheme}://{request.Host.Value}"))
        {
            return OriginVerdict.SameOrigin;
        }

        return _any || _allowed.Contains(normalized) ? OriginVerdict.AllowedCrossOrigin : OriginVerdict.Refused;
    }

    /// <summary>Whether a request is a CORS preflight (OPTIONS with Access-Control-Request-Method).</summary>
    public static bool IsPreflight(HttpRequest request) =>
        HttpMethods.IsOptions(request.Method) && request.Headers.ContainsKey(HeaderNames.AccessControlRequestMethod);

    /// <summary>The CORS headers of an answer to an allowed origin.</summary>
    public static void AddResponseHeaders(HttpResponse response, string origin)
    {
        response.Headers.AccessControlAllowOrigin = origin;
        response.Headers.AccessControlExposeHeaders = ExposedHeaders;
        response.Headers.Append(HeaderNames.Vary, "Origin");
    }

    /// <summary>The answer to an allowed origin's preflight: the method and headers it asks for, cacheable for MaxAgeSeconds.</summary>
    public void WritePreflight(HttpRequest request, HttpResponse response)
    {
        response.StatusCode = StatusCodes.Status204NoContent;
        response.Headers.AccessControlAllowMethods = "GET, POST, PUT, DELETE, OPTIONS";
        string? asked = request.Headers.AccessControlRequestHeaders;
        if (!string.IsNullOrEmpty(asked))
        {
            response.Headers.AccessControlAllowHeaders = asked;
        }

        response.Headers.AccessControlMaxAge = _maxAge;
    }

    /// <summary>Whether a configured entry is an origin: http or https, a host, an optional port, nothing else.</summary>
    public static bool IsValidOrigin(string? origin) => Normalize(origin) is not null;

    /// <summary><c>scheme://host:port</c> in lower case with the port explicit, or null when not an http(s) origin.</summary>
    private static string? Normalize(string? origin)
    {
        if (string.IsNullOrWhiteSpace(origin) || !Uri.TryCreate(origin.Trim(), UriKind.Absolute, out Uri? uri)
            || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0
            || uri.PathAndQuery is not ("/" or "") || uri.UserInfo.Length > 0 || uri.Fragment.Length > 0)
        {
            return null;
        }

        return $"{uri.Scheme}://{uri.Host.ToLowerInvariant()}:{uri.Port}";
    }
}
