using Purser.Providers.Json;
using System.Buffers;
using System.Text.Json;
using Purser.Errors;
using Purser.Providers.Http;

namespace Purser.Providers.OpenAI;

/// <summary>OpenAI's error format: {"error":{"message","type","param","code"}}, both ways.</summary>
internal static class OpenAIErrors
{
    /// <summary>The upstream's error message from an OpenAI-style error body, if it has one.</summary>
    public static string? ReadMessage(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            using JsonDocument document = JsonDocument.ParseValue(ref reader);
            JsonElement root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out JsonElement error))
            {
                if (error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out JsonElement message) && message.ValueKind == JsonValueKind.String)
                {
                    return message.GetString();
                }

                if (error.ValueKind == JsonValueKind.String)
                {
                    return error.GetString();
                }
            }

            return root.ValueKind == JsonValueKind.Object && root.TryGetProperty("message", out JsonElement m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    internal static PurserError FromStreamError(JsonElement error)
    {
        string message = error.TryGetProperty("message", out JsonElement m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "unknown error";
        string? type = error.TryGetProperty("type", out JsonElement t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        return type is "rate_limit_error"
            ? new PurserError(ErrorKind.RateLimited, 429, "Upstream rate limit during the stream: " + message) { Code = "rate_limited" }
            : new PurserError(ErrorKind.UpstreamHttp, 502, "Upstream error during the stream: " + message) { Code = "upstream_error" };
    }

    public static string TypeFor(PurserError error) => error.Kind switch
    {
        ErrorKind.Unauthorized => error.StatusCode == 403 ? "permission_error" : "authentication_error",
        ErrorKind.RateLimited => "rate_limit_error",
        ErrorKind.BudgetExceeded => "budget_exceeded",
        ErrorKind.GuardBlocked => "invalid_request_error",
        ErrorKind.Timeout => "timeout_error",
        _ => error.StatusCode is >= 400 and < 500 ? "invalid_request_error" : "api_error",
    };

    public static void WriteErrorObject(Utf8JsonWriter writer, PurserError error)
    {
        writer.WriteStartObject("error");
        writer.WriteString("message", error.Message);
        writer.WriteString("type", TypeFor(error));
        if (error.Param is null)
        {
            writer.WriteNull("param");
        }
        else
        {
            writer.WriteString("param", error.Param);
        }

        writer.WriteString("code", error.Code ?? error.Kind.ToName());
        writer.WriteString("purser_error_kind", error.Kind.ToName());
        writer.WriteEndObject();
    }

    public static byte[] WriteBody(PurserError error)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, JsonWriting.Options))
        {
            writer.WriteStartObject();
            WriteErrorObject(writer, error);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static PurserError FromUpstream(string provider, int status, ReadOnlySpan<byte> body, TimeSpan? retryAfter) =>
        UpstreamErrors.FromStatus(provider, status, ReadMessage(body) ?? Snippet(body), retryAfter);

    internal static string? Snippet(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return null;
        }

        string text = System.Text.Encoding.UTF8.GetString(body[..Math.Min(body.Length, 300)]);
        return text.Trim();
    }
}
