using System.Text.Json;
using Purser.Errors;
using Purser.Providers.OpenAI;

namespace Purser.Providers.Responses;

/// <summary>
/// The Responses API's errors: the OpenAI error body for HTTP errors, and in streams <c>response.failed</c> (the
/// response with <c>error: {code, message}</c>) followed by an <c>error</c> event.
/// </summary>
internal static class ResponsesErrors
{
    public static byte[] WriteBody(PurserError error) => OpenAIErrors.WriteBody(error);

    /// <summary>An unknown (expired, deleted, or never stored) response id: a 404 as OpenAI words it.</summary>
    public static PurserError NotFound(string id, string param) =>
        new(ErrorKind.BadRequest, 404, $"Response with id '{id}' not found.") { Param = param, Code = "response_not_found" };

    /// <summary>The code a failed response carries (<c>response.error.code</c>), in OpenAI's vocabulary where one fits.</summary>
    public static string CodeFor(PurserError error) => error.Kind switch
    {
        ErrorKind.RateLimited => "rate_limit_exceeded",
        ErrorKind.BudgetExceeded => "budget_exceeded",
        ErrorKind.Timeout => "timeout",
        _ => error.Code ?? "server_error",
    };

    /// <summary>The error object inside a failed response.</summary>
    public static void WriteResponseError(Utf8JsonWriter writer, PurserError error)
    {
        writer.WriteStartObject("error");
        writer.WriteString("code", CodeFor(error));
        writer.WriteString("message", error.Message);
        writer.WriteEndObject();
    }

    /// <summary>The upstream error a <c>response.failed</c> or <c>error</c> event carries, as a Purser error.</summary>
    internal static PurserError FromStream(JsonElement error)
    {
        string message = error.TryGetProperty("message", out JsonElement m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "unknown error";
        string? code = error.TryGetProperty("code", out JsonElement c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
        return code is "rate_limit_exceeded"
            ? new PurserError(ErrorKind.RateLimited, 429, "Upstream rate limit during the stream: " + message) { Code = "rate_limited" }
            : new PurserError(ErrorKind.UpstreamHttp, 502, "Upstream error during the stream: " + message) { Code = code ?? "upstream_error" };
    }
}
