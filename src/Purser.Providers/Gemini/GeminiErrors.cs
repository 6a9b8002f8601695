using System.Globalization;
using System.Text.Json;
using Purser.Errors;
using Purser.Providers.Http;

namespace Purser.Providers.Gemini;

/// <summary>
/// Google's error format: <c>{"error":{"code":429,"message":"…","status":"RESOURCE_EXHAUSTED","details":[…]}}</c>,
/// sometimes wrapped in an array (<c>[{"error":{…}}]</c>, as streaming calls answer). A 429 says how long to wait in a
/// <c>google.rpc.RetryInfo</c> detail (<c>"retryDelay":"27s"</c>) rather than in a Retry-After header, and an invalid
/// key comes back as 400 with an <c>API_KEY_INVALID</c> reason.
/// </summary>
public static class GeminiErrors
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
