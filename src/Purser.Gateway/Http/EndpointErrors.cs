using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Purser.Errors;
using Purser.Providers.Anthropic;
using Purser.Providers.Gemini;
using Purser.Providers.Json;
using Purser.Providers.OpenAI;

namespace Purser.Gateway.Http;

/// <summary>
/// The error answer of a request refused outside its endpoint's own flow (at the edge, by authentication, by the last line
/// of defence), in the format its path speaks: Anthropic on <c>/v1/messages…</c>, Gemini on <c>/v1beta…</c>, OpenAI on
/// other <c>/v1</c> paths (Chat Completions, Responses), and
/// <c>{"error":{"message","type","code"}}</c> elsewhere (admin API, health). The one place that maps a path to a format.
/// </summary>
internal static class EndpointErrors
{
    public static async Task WriteAsync(HttpContext http, PurserError error)
    {
        HttpResponse response = http.Response;
        response.StatusCode = error.StatusCode;
        response.ContentType = "application/json";
        if (error.RetryAfter is TimeSpan wait)
        {
            response.Headers.RetryAfter = Math.Max(1, Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        if (error.Headers is { } extra)
        {
            foreach (var (name, value) in extra)
            {
                response.Headers[name] = HeaderValue.Encode(value);
            }
        }

        byte[] body = Body(http.Request.Path, error);
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, http.RequestAborted);
    }

    /// <summary>The error document for <paramref name="path"/>'s protocol.</summary>
    public static byte[] Body(PathString path, PurserError error)
    {
        if (path.StartsWithSegments("/v1/messages", StringComparison.OrdinalIgnoreCase))
        {
            return AnthropicErrors.WriteBody(error);
        }

        if (path.StartsWithSegments("/v1beta", StringComparison.OrdinalIgnoreCase))
        {
            return GeminiErrors.WriteBody(error);
        }

        if (path.StartsWithSegments("/v1", StringComparison.OrdinalIgnoreCase))
        {
            return OpenAIErrors.WriteBody(error);
        }

        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, JsonWriting.Options))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("error");
            writer.WriteString("message", error.Message);
            writer.WriteString("type", OpenAIErrors.TypeFor(error));
            writer.WriteString("code", error.Code ?? error.Kind.ToName());
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
