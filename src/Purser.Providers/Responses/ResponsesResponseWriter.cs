using System.Buffers;
using System.Text.Json;
using Purser.Chat;
using Purser.Errors;
using Purser.Providers.Json;
using Purser.Usage;

namespace Purser.Providers.Responses;

/// <summary>Writes a canonical answer as a Responses object (<c>"object": "response"</c>).</summary>
internal static class ResponsesResponseWriter
{
    public static byte[] Write(ChatResponse response, ResponsesEcho echo, string id, string model, long created)
    {
        var (status, incomplete) = Status(response.FinishReason);
        List<byte[]> output = ResponsesItems.FromResponse(response, echo.Tools);
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, JsonWriting.Options))
        {
            WriteObject(writer, id, response.Created > 0 ? response.Created : created, status, model, echo, output, response.Usage, null, incomplete);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The response status and incomplete reason for how the model stopped.</summary>
    public static (string Status, string? IncompleteReason) Status(FinishReason reason) => reason switch
    {
        FinishReason.Length => ("incomplete", "max_output_tokens"),
        FinishReason.ContentFilter => ("incomplete", "content_filter"),
        _ => ("completed", null),
    };

    /// <summary>
    /// One response object: the envelope, the settings echoed from the request, the output items (already serialised),
    /// the usage (null while in progress), and the error of a failed response.
    /// </summary>
    public static void WriteObject(
        Utf8JsonWriter w,
        string id,
        long created,
        string status,
        string model,
        ResponsesEcho echo,
        IReadOnlyList<byte[]> output,
        TokenUsage? usage,
        PurserError? error,
        string? incompleteReason)
    {
        w.WriteStartObject();
        w.WriteString("id", id);
        w.WriteString("object", "response");
        w.WriteNumber("created_at", created);
        w.WriteString("status", status);
        w.WriteBoolean("background", false);
        if (error is null)
        {
            w.WriteNull("error");
        }
        else
        {
            ResponsesErrors.WriteResponseError(w, error);
        }

        if (incompleteReason is null)
        {
            w.WriteNull("incomplete_details");
        }
        else
        {
            w.WriteStartObject("incomplete_details");
            w.WriteString("reason", incompleteReason);
            w.WriteEndObject();
        }

        w.WriteString("model", model);
        w.WriteStartArray("output");
        foreach (byte[] item in output)
        {
            w.WriteRawValue(item, skipInputValidation: true);
        }

        w.WriteEndArray();
        echo.Write(w);
        if (usage is TokenUsage u)
        {
            ResponsesUsage.Write(w, u);
        }
        else
        {
            w.WriteNull("usage");
        }

        w.WriteEndObject();
    }
}
