using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Purser.Errors;
using Purser.Gateway.Http;

namespace Purser.Gateway.Security;

/// <summary>
/// The first check of every request, before authentication and before any endpoint — those of today and any added later:
/// its <c>Host</c> must be answered (<see cref="HostAllowList"/>), a web page's request must come from an allowed origin
/// (<see cref="OriginPolicy"/>, CORS off by default), and a body must be JSON (<see cref="JsonContentType"/>, 415 otherwise).
/// Refusals are written in the endpoint's protocol and logged without any request content.
/// </summary>
internal sealed partial class RequestScreen(HostAllowList hosts, OriginPolicy origins, ILogger<RequestScreen> logger)
{
    public async Task InvokeAsync(HttpContext http, RequestDelegate next)
    {
        HttpRequest request = http.Request;
        if (!hosts.Allows(request.Host))
        {
            LogHostRefused(logger, request.Host.Host, http.Connection.RemoteIpAddress?.ToString() ?? "-");
            await EndpointErrors.WriteAsync(http, new PurserError(
                ErrorKind.Unauthorized,
                403,
                $"This gateway does not answer requests for host '{request.Host.Host}' (it answers {hosts.Describe()}). An open gateway answers loopback names only, so a web page cannot reach it by pointing its own name at this machine; add the name to Purser:Security:AllowedHosts, or require keys (Purser:Auth:RequireKeys).")
            {
                Code = "host_not_allowed",
            });
            return;
        }

        switch (origins.Check(request))
        {
            case OriginVerdict.Refused:
                string origin = request.Headers.Origin.ToString() is { Length: > 0 } o ? o : "(" + request.Headers["Sec-Fetch-Site"] + ")";
                LogOriginRefused(logger, origin, request.Method, request.Path.Value ?? "");
                await EndpointErrors.WriteAsync(http, new PurserError(
                    ErrorKind.Unauthorized,
                    403,
                    $"Requests from web pages of origin {origin} are refused: cross-origin calls are off unless the origin is listed in Purser:Security:Cors:AllowedOrigins.")
                {
                    Code = "origin_not_allowed",
                });
                return;
            case OriginVerdict.AllowedCrossOrigin:
                OriginPolicy.AddResponseHeaders(http.Response, request.Headers.Origin!);
                if (OriginPolicy.IsPreflight(request))
                {
                    origins.WritePreflight(request, http.Response);
                    return;
                }

                break;
        }

        // The dashboard's own forms (sign-in, edits) post form bodies; they carry an anti-forgery token and a SameSite
        // cookie instead. Everything else takes JSON.
        if (http.GetEndpoint()?.Metadata.GetMetadata<Dashboard.DashboardPageAttribute>() is null && JsonContentType.Problem(request) is { } problem)
        {
            await EndpointErrors.WriteAsync(http, new PurserError(ErrorKind.BadRequest, 415, problem) { Code = "unsupported_media_type" });
            return;
        }

        await next(http);
    }

    [LoggerMessage(EventId = 3111, Level = LogLevel.Warning, Message = "Refused a request for host {Host} from {Address}: not an allowed host name (DNS rebinding?)")]
    private static partial void LogHostRefused(ILogger logger, string host, string address);

    [LoggerMessage(EventId = 3112, Level = LogLevel.Warning, Message = "Refused {Method} {Path} from a web page of origin {Origin}: not an allowed origin")]
    private static partial void LogOriginRefused(ILogger logger, string origin, string method, string path);
}
