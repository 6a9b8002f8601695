using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Purser.Errors;
using Purser.Providers.Http;

namespace Purser.Providers.Gemini;

/// <summary>
/// Google's error format: <c>{"error":{"code":429,"message":"…","status":"RESOURCE_EXHAUSTED","details":[…]}}</c>,
/// sometimes wrapped in an array (<c>[{"error":{…}}]</c>, as streaming calls answer). A 429 says how long to wait in a
/// <c>google.rpc.RetryInfo</c> detail (<c>"retryDelay":"27s"</c>) rather than in a Retry-After header, and an invalid
/// key comes back as 400 with an <c>API_KEY_INVALID</c> reason. Purser's own errors to Gemini clients are written in
/// the same format, with an ErrorInfo detail (reason: Purser's error code; metadata: purser_error_kind and the field)
/// and, when the client should wait, a RetryInfo detail.
/// </summary>
internal static class GeminiErrors
{
    /// <summary>The upstream's error message, with its status name, if the body is a Google error.</summary>
    public static string? ReadMessage(ReadOnlySpan<byte> body)
    {
        using JsonDocument? document = Parse(body);
        if (document is null || !TryGetError(document.RootElement, out JsonElement error))
        {
            return null;
        }

        return Describe(error);
    }

    /// <summary>The delay a RetryInfo detail asks for, if the body has one.</summary>
    public static TimeSpan? ReadRetryDelay(ReadOnlySpan<byte> body)
    {
        using JsonDocument? document = Parse(body);
        if (document is null || !TryGetError(document.RootElement, out JsonElement error))
        {
            return null;
        }

        foreach (JsonElement detail in Details(error))
        {
            if (TypeEndsWith(detail, "google.rpc.RetryInfo")
                && detail.TryGetProperty("retryDelay", out JsonElement delay) && delay.ValueKind == JsonValueKind.String
                && ParseDuration(delay.GetString()!) is { } wait)
            {
                return wait;
            }
        }

        return null;
    }

    /// <summary>Whether the error says Purser's API key is wrong (Google answers 400, not 401, for that).</summary>
    public static bool IsInvalidKey(ReadOnlySpan<byte> body)
    {
        using JsonDocument? document = Parse(body);
        if (document is null || !TryGetError(document.RootElement, out JsonElement error))
        {
            return false;
        }

        foreach (JsonElement detail in Details(error))
        {
            if (detail.TryGetProperty("reason", out JsonElement reason) && reason.ValueKind == JsonValueKind.String
                && reason.GetString() is "API_KEY_INVALID" or "API_KEY_SERVICE_BLOCKED" or "API_KEY_HTTP_REFERRER_BLOCKED")
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The client's error for an upstream HTTP error.</summary>
    public static PurserError FromUpstream(string provider, int status, ReadOnlySpan<byte> body, TimeSpan? retryAfter)
    {
        string? message = ReadMessage(body) ?? OpenAI.OpenAIErrors.Snippet(body);
        if (status == 400 && IsInvalidKey(body))
        {
            // Purser's key is wrong, which the client cannot fix: not a 400 that blames the client's request.
            return new PurserError(ErrorKind.UpstreamHttp, 502, $"Upstream {provider} refused Purser's API key (400): {message}. Check the provider's API key in Purser's configuration.")
            {
                UpstreamStatus = status,
                Code = "upstream_auth",
            };
        }

        return UpstreamErrors.FromStatus(provider, status, message, retryAfter ?? ReadRetryDelay(body));
    }

    /// <summary>The google.rpc status name for an HTTP status.</summary>
    public static string StatusName(int status) => status switch
    {
        400 or 413 or 422 => "INVALID_ARGUMENT",
        401 => "UNAUTHENTICATED",
        402 or 403 => "PERMISSION_DENIED",
        404 => "NOT_FOUND",
        409 => "ABORTED",
        429 => "RESOURCE_EXHAUSTED",
        499 => "CANCELLED",
        501 => "UNIMPLEMENTED",
        502 or 503 or 529 => "UNAVAILABLE",
        504 => "DEADLINE_EXCEEDED",
        >= 400 and < 500 => "FAILED_PRECONDITION",
        _ => "INTERNAL",
    };

    /// <summary>Writes the error object's members' container: <c>{"error":{"code","message","status","details"}}</c>.</summary>
    public static void WriteError(Utf8JsonWriter writer, PurserError error)
    {
        writer.WriteStartObject();
        writer.WriteStartObject("error");
        writer.WriteNumber("code", error.StatusCode);
        writer.WriteString("message", error.Message);
        writer.WriteString("status", StatusName(error.StatusCode));
        writer.WriteStartArray("details");
        writer.WriteStartObject();
        writer.WriteString("@type", "type.googleapis.com/google.rpc.ErrorInfo");
        writer.WriteString("reason", error.Code ?? error.Kind.ToName());
        writer.WriteString("domain", "purser");
        writer.WriteStartObject("metadata");
        writer.WriteString("purser_error_kind", error.Kind.ToName());
        if (error.Param is not null)
        {
            writer.WriteString("param", error.Param);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
        if (error.RetryAfter is TimeSpan wait)
        {
            writer.WriteStartObject();
            writer.WriteString("@type", "type.googleapis.com/google.rpc.RetryInfo");
            writer.WriteString("retryDelay", Math.Ceiling(wait.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s");
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    public static byte[] WriteBody(PurserError error)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, Json.JsonWriting.Options))
        {
            WriteError(writer, error);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Whether a stream event's data is an error rather than a GenerateContentResponse.</summary>
    internal static bool TryGetError(JsonElement root, out JsonElement error)
    {
        if (root.ValueKind == JsonValueKind.Array && root.GetArrayLength() > 0)
        {
            root = root[0];
        }

        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out error) && error.ValueKind == JsonValueKind.Object)
        {
            return true;
        }

        error = default;
        return false;
    }

    /// <summary>An error that arrived inside a stream (after the HTTP status was already 200).</summary>
    internal static PurserError FromStreamError(JsonElement error)
    {
        string message = Describe(error) ?? "unknown error";
        string? status = error.TryGetProperty("status", out JsonElement s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
        int code = error.TryGetProperty("code", out JsonElement c) && c.TryGetInt32(out int n) ? n : 0;
        return status == "RESOURCE_EXHAUSTED" || code == 429
            ? new PurserError(ErrorKind.RateLimited, 429, "Upstream rate limit during the stream: " + message) { Code = "rate_limited", UpstreamStatus = 429 }
            : new PurserError(ErrorKind.UpstreamHttp, 502, "Upstream error during the stream: " + message) { Code = "upstream_error", UpstreamStatus = code is >= 400 and < 600 ? code : null };
    }

    private static string? Describe(JsonElement error)
    {
        string? message = error.TryGetProperty("message", out JsonElement m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
        string? status = error.TryGetProperty("status", out JsonElement s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
        return (message, status) switch
        {
            (null, null) => null,
            (null, _) => status,
            (_, null) => message,
            _ => $"{message} ({status})",
        };
    }

    private static IEnumerable<JsonElement> Details(JsonElement error) =>
        error.TryGetProperty("details", out JsonElement details) && details.ValueKind == JsonValueKind.Array
            ? details.EnumerateArray().Where(d => d.ValueKind == JsonValueKind.Object)
            : [];

    private static bool TypeEndsWith(JsonElement detail, string type) =>
        detail.TryGetProperty("@type", out JsonElement t) && t.ValueKind == JsonValueKind.String && t.GetString()!.EndsWith(type, StringComparison.Ordinal);

    /// <summary>A protobuf Duration in JSON: seconds with an "s" suffix ("27s", "1.5s").</summary>
    private static TimeSpan? ParseDuration(string value) =>
        value.EndsWith('s')
        && double.TryParse(value.AsSpan(0, value.Length - 1), NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds)
        && seconds >= 0 && seconds < TimeSpan.MaxValue.TotalSeconds
            ? TimeSpan.FromSeconds(seconds)
            : null;

    private static JsonDocument? Parse(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return null;
        }

        try
        {
            var reader = new Utf8JsonReader(body);
            return JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
