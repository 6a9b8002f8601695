using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Purser.Gateway.Security;

/// <summary>
/// Every endpoint that takes a body takes JSON, so a body must say so: <c>Content-Type: application/json</c>, with no
/// charset or UTF-8 (SDKs send <c>application/json; charset=utf-8</c>). A browser can send <c>text/plain</c>, form and
/// multipart bodies to any address without asking (no CORS preflight); refusing them with 415 closes that door.
/// </summary>
internal static class JsonContentType
{
    /// <summary>Null when the request is acceptable; else why not, for a 415.</summary>
    public static string? Problem(HttpRequest request)
    {
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method) || HttpMethods.IsTrace(request.Method))
        {
            return null;
        }

        StringValues declared = request.Headers.ContentType;
        bool hasBody = request.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? request.ContentLength is > 0;
        if (StringValues.IsNullOrEmpty(declared))
        {
            return hasBody
                ? "The request has a body but no Content-Type: send it as JSON with Content-Type: application/json."
                : null;
        }

        if (declared.Count == 1 && declared[0] is "application/json" or "application/json; charset=utf-8")
        {
            return null; // what SDKs send, without parsing
        }

        if (declared.Count == 1 && MediaTypeHeaderValue.TryParse(declared[0], out MediaTypeHeaderValue? type)
            && type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            && (!type.Charset.HasValue || type.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || type.Charset.Equals("utf8", StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        return $"Content-Type '{declared}' is not accepted: the body must be JSON sent as Content-Type: application/json (UTF-8).";
    }
}
