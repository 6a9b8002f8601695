using System.Buffers;
using System.Text.Json;
using Purser.Errors;
using Purser.Providers.Http;

namespace Purser.Providers.Anthropic;

/// <summary>
/// Anthropic's error format, both ways: {"type":"error","error":{"type","message"}}.
/// Types by status: 400 invalid_request_error, 401 authentication_error, 402 billing_error, 403 permission_error,
/// 404 not_found_error, 413 request_too_large, 429 rate_limit_error, 500 and other 5xx api_error,
/// 504 timeout_error (Anthropic's own type for a request that timed out while processing; Purser's upstream
/// timeouts are 504 too), 529 overloaded_error. Purser adds purser_error_kind (and param when it names a field)
/// inside the error object, which Anthropic's clients ignore.
/// </summary>
internal static class AnthropicErrors
{
    /// <summary>"type: message" from an Anthropic error body, if it is one.</summary>
    public static string? ReadMessage(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            using JsonDocument document = JsonDocument.ParseValue(ref reader);
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            if (root.TryGetProperty("error", out JsonElement error) && error.ValueKind == JsonValueKind.Object)
            {
                string? message = error.TryGetProperty("message", out JsonElement m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
                string? type = error.TryGetProperty("type", out JsonElement t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
                return (type, message) switch
                {
                    (null, null) => null,
                    (null, _) => message,
                    (_, null) => type,
                    _ => type + ": " + message,
                };
            }

            return root.TryGetProperty("message", out JsonElement plain) && plain.ValueKind == JsonValueKind.String ? plain.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The HTTP status Anthropic uses for an error type (for errors that arrive inside a stream).</summary>
    public static int StatusForType(string? type) => type switch
    {
        "invalid_request_error" => 400,
        "authentication_error" => 401,
        "billing_error" => 402,
        "permission_error" => 403,
        "not_found_error" => 404,
        "request_too_large" => 413,
        "rate_limit_error" => 429,
        "timeout_error" => 504,
        "overloaded_error" => 529,
        _ => 500,
    };

    /// <summary>A mid-stream error event's error object, as a Purser error (overloaded stays retryable, rate limits are rate limits).</summary>
    internal static PurserError FromStreamError(string provider, JsonElement error)
    {
        string? type = error.ValueKind == JsonValueKind.Object && error.TryGetProperty("type", out JsonElement t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        string message = error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out JsonElement m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "unknown error";
        PurserError mapped = UpstreamErrors.FromStatus(provider, StatusForType(type), (type is null ? "" : type + ": ") + message + " (during the stream)", null);
        return type == "overloaded_error" ? mapped with { Code = "upstream_overloaded" } : mapped;
    }

    /// <summary>The Anthropic error type for a Purser error.</summary>
    public static string TypeFor(PurserError error)
    {
        if (error.UpstreamStatus == 529)
        {
            return "overloaded_error";
        }

        return error.Kind switch
        {
            ErrorKind.Unauthorized => error.StatusCode == 403 ? "permission_error" : "authentication_error",
            ErrorKind.RateLimited or ErrorKind.BudgetExceeded => "rate_limit_error",
            ErrorKind.Timeout => "timeout_error",
            ErrorKind.Unavailable => "overloaded_error",
            _ => error.StatusCode switch
            {
                401 => "authentication_error",
                402 => "billing_error",
                403 => "permission_error",
                404 => "not_found_error",
                413 => "request_too_large",
                429 => "rate_limit_error",
                504 => "timeout_error",
                529 => "overloaded_error",
                >= 400 and < 500 => "invalid_request_error",
                _ => "api_error",
            },
        };
    }

    /// <summary>Writes the whole error document: {"type":"error","error":{…}}.</summary>
    public static void WriteError(Utf8JsonWriter writer, PurserError error, string? requestId = null)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "error");
        writer.WriteStartObject("error");
        writer.WriteString("type", TypeFor(error));
        writer.WriteString("message", error.Message);
        if (error.Param is not null)
        {
            writer.WriteString("param", error.Param);
        }

        writer.WriteString("purser_error_kind", error.Kind.ToName());
        writer.WriteEndObject();
        if (requestId is not null)
        {
            writer.WriteString("request_id", requestId);
        }

        writer.WriteEndObject();
    }

    public static byte[] WriteBody(PurserError error, string? requestId = null)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteError(writer, error, requestId);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
