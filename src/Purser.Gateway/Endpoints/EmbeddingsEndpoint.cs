using Microsoft.AspNetCore.Http;
using Purser.Chat;
using Purser.Errors;
using Purser.Gateway.Http;
using Purser.Gateway.Inbound;
using Purser.Providers.Json;
using Purser.Providers.OpenAI;

namespace Purser.Gateway.Endpoints;

/// <summary>
/// <c>POST /v1/embeddings</c> in the OpenAI format, through the one pipeline (guard, route, cache, budget, dispatch,
/// price, ledger) like a chat call, onto OpenAI-kind providers (passthrough), Gemini (embedContent /
/// batchEmbedContents) and the simulated provider.
/// </summary>
internal static class EmbeddingsEndpoint
{
    public static async Task HandleAsync(HttpContext http, ChatEndpointHandler handler, GatewayOptions options)
    {
        var (body, readError) = await RequestBody.ReadAsync(http.Request, options.MaxRequestBodyBytes, http.RequestAborted);
        if (readError is not null)
        {
            await handler.WriteErrorAsync(http, EmbeddingsInbound.Refusal, readError, null);
            return;
        }

        ChatRequest request;
        try
        {
            request = OpenAIEmbeddingRequestReader.Read(body.Span);
        }
        catch (InvalidRequestException ex)
        {
            await handler.WriteErrorAsync(http, EmbeddingsInbound.Refusal, PurserError.BadRequest(ex.Message, ex.Param, "invalid_request"), null);
            return;
        }

        await handler.RunAsync(http, new EmbeddingsInbound(request.Embedding!.Encoding), request);
    }
}
