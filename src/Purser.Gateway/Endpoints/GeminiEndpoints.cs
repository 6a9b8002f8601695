using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Purser.Configuration;
using Purser.Errors;
using Purser.Gateway.Http;
using Purser.Gateway.Inbound;
using Purser.Pricing;
using Purser.Providers.Json;
using Purser.Routing;

namespace Purser.Gateway.Endpoints;

/// <summary>
/// The Gemini API under /v1beta: POST models/{model}:generateContent, :streamGenerateContent and :countTokens, and
/// GET models and models/{model}. {model} is what Gemini clients send (gemini-2.5-flash; a leading models/ is
/// accepted twice over) or any model Purser routes (oa/gpt-4o-mini, URL-encoded or not, an alias), so a Gemini client
/// can be pointed at any upstream.
/// </summary>
internal static class GeminiEndpoints
{
    private const string ModelsPrefix = "/v1beta/models/";

    public static Task PostAsync(HttpContext http, ChatEndpointHandler handler, ModelResolver resolver, GatewayOptions options)
    {
        if (!TryParse(http.Request.Path, out string model, out string method))
        {
            return NotFoundAsync(http);
        }

        return method switch
        {
            "generateContent" => handler.HandleAsync(http, new GeminiInbound(model, stream: false, sse: false)),
            "streamGenerateContent" => handler.HandleAsync(http, new GeminiInbound(model, stream: true, sse: string.Equals(http.Request.Query["alt"], "sse", StringComparison.OrdinalIgnoreCase))),
            "countTokens" => CountTokensEndpoint.HandleAsync(http, resolver, options, new GeminiInbound(model, stream: false, sse: false)),
            _ => NotFoundAsync(http),
        };
    }

    /// <summary>GET /v1beta/models: every configured provider model and alias, as Gemini Model resources.</summary>
    public static async Task ListAsync(HttpContext http, PurserOptions options, ModelResolver resolver, PricingCatalog catalog)
    {
        http.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(http.Response.Body, JsonWriting.Options);
        writer.WriteStartObject();
        writer.WriteStartArray("models");
        foreach (var (id, provider, model) in Models(options, resolver))
        {
            WriteModel(writer, id, catalog.Find(provider, model ?? id));
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>GET /v1beta/models/{model}: one model, or a 404 in Gemini's error format.</summary>
    public static async Task GetAsync(HttpContext http, PurserOptions options, ModelResolver resolver, PricingCatalog catalog)
    {
        string path = http.Request.Path.Value ?? "";
        string id = Uri.UnescapeDataString(path[ModelsPrefix.Length..]);
        id = id.StartsWith("models/", StringComparison.Ordinal) ? id["models/".Length..] : id;
        if (resolver.Resolve(id, out PurserError? error) is not { } route)
        {
            await WriteErrorAsync(http, error!);
            return;
        }

        Deployment first = route.Deployments[0];
        http.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(http.Response.Body, JsonWriting.Options);
        WriteModel(writer, id, catalog.Find(first.Provider, first.Model));
    }

    public static Task NotFoundAsync(HttpContext http)
    {
        var error = new PurserError(ErrorKind.BadRequest, 404,
            $"No endpoint {http.Request.Method} {http.Request.Path}. Purser serves the Gemini API's POST /v1beta/models/{{model}}:generateContent, :streamGenerateContent and :countTokens, and GET /v1beta/models[/{{model}}].")
        { Code = "not_found" };
        return WriteErrorAsync(http, error);
    }

    /// <summary>"/v1beta/models/oa%2Fgpt-4o-mini:generateContent" → ("oa/gpt-4o-mini", "generateContent").</summary>
    internal static bool TryParse(PathString path, out string model, out string method)
    {
        string value = path.Value ?? "";
        model = method = "";
        int colon = value.LastIndexOf(':');
        if (!value.StartsWith(ModelsPrefix, StringComparison.Ordinal) || colon <= ModelsPrefix.Length)
        {
            return false;
        }

        model = Uri.UnescapeDataString(value[ModelsPrefix.Length..colon]);
        if (model.StartsWith("models/", StringComparison.Ordinal))
        {
            model = model["models/".Length..];
        }

        method = value[(colon + 1)..];
        return model.Length > 0;
    }

    private static IEnumerable<(string Id, string? Provider, string? Model)> Models(PurserOptions options, ModelResolver resolver)
    {
        foreach (var (name, provider) in options.Providers.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            foreach (string model in provider.Models)
            {
                yield return (name + "/" + model, name, model);
            }
        }

        foreach (string alias in resolver.Aliases.Keys.Order(StringComparer.Ordinal))
        {
            yield return (alias, null, null);
        }
    }

    private static void WriteModel(Utf8JsonWriter writer, string id, ModelPrice? price)
    {
        writer.WriteStartObject();
        writer.WriteString("name", "models/" + id);
        writer.WriteString("baseModelId", id);
        writer.WriteString("version", "purser");
        writer.WriteString("displayName", id);
        if (price?.ContextWindow is long context)
        {
            writer.WriteNumber("inputTokenLimit", context);
        }

        if (price?.MaxOutputTokens is long output)
        {
            writer.WriteNumber("outputTokenLimit", output);
        }

        writer.WriteStartArray("supportedGenerationMethods");
        writer.WriteStringValue("generateContent");
        writer.WriteStringValue("streamGenerateContent");
        writer.WriteStringValue("countTokens");
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static Task WriteErrorAsync(HttpContext http, PurserError error)
    {
        PurserHeaders.ApplyRefused(http.Response);
        http.Response.StatusCode = error.StatusCode;
        http.Response.ContentType = "application/json";
        return http.Response.Body.WriteAsync(GeminiInbound.Errors.WriteError(error)).AsTask();
    }
}
