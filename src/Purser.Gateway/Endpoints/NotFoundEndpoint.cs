using Microsoft.AspNetCore.Http;
using Purser.Errors;
using Purser.Gateway.Http;

namespace Purser.Gateway.Endpoints;

/// <summary>An unknown /v1/… path: a 404 in the protocol's error format instead of an empty body.</summary>
internal static class NotFoundEndpoint
{
    public static Task HandleAsync(HttpContext http)
    {
        string path = http.Request.Path.Value ?? "";
        var error = new PurserError(ErrorKind.BadRequest, 404, $"No endpoint {http.Request.Method} {path}. Purser serves POST /v1/chat/completions, POST /v1/messages, POST /v1/messages/count_tokens, GET /v1/models and the Gemini API under /v1beta/models.") { Code = "not_found" };
        return EndpointErrors.WriteAsync(http, error);
    }
}
