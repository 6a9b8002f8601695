using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Purser.Chat;
using Purser.Errors;
using Purser.Gateway.Http;
using Purser.Gateway.Inbound;
using Purser.Providers.Json;
using Purser.Routing;
using Purser.Tokens;

namespace Purser.Gateway.Endpoints;

/// <summary>
/// POST /v1/messages/count_tokens and the Gemini API's :countTokens: counts the prompt with Purser's tokenizer — exact
/// BPE for OpenAI models, a calibrated estimate for others (x-purser-token-count says which). Nothing is sent upstream.
/// </summary>
internal static class CountTokensEndpoint
{
    public static async Task HandleAsync(HttpContext http, ModelResolver resolver, GatewayOptions options, IInboundProtocol protocol)
    {
        var (body, readError) = await RequestBody.ReadAsync(http.Request, options.MaxRequestBodyBytes, http.RequestAborted);
        if (readError is not null)
        {
            await WriteErrorAsync(http, protocol, readError);
            return;
        }

        ChatRequest request;
        try
        {
            request = protocol.ParseCountTokens(body.Span);
        }
        catch (InvalidRequestException ex)
        {
            await WriteErrorAsync(http, protocol, PurserError.BadRequest(ex.Message, ex.Param));
            return;
        }

        RouteDecision? route = resolver.Resolve(request.Model, out PurserError? error);
        if (route is null)
        {
            await WriteErrorAsync(http, protocol, error!);
            return;
        }

        TokenCount count = ChatTokenCounter.ForModel(route.Deployments[0].Model).CountPrompt(request);
        http.Response.ContentType = "application/json";
        http.Response.Headers["x-purser-token-count"] = count.IsExact ? "exact" : "estimated";
        http.Response.Headers["x-purser-token-method"] = count.Method;
        await using var writer = new Utf8JsonWriter(http.Response.Body, JsonWriting.Options);
        protocol.WriteTokenCount(writer, count.Tokens);
    }

    private static Task WriteErrorAsync(HttpContext http, IInboundProtocol protocol, PurserError error)
    {
        http.Response.StatusCode = error.StatusCode;
        http.Response.ContentType = "application/json";
        return http.Response.Body.WriteAsync(protocol.WriteError(error)).AsTask();
    }
}
