using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Purser.Providers.Json;

namespace Purser.Gateway.Admin;

/// <summary>Admin API answers: JSON bodies and {"error":{"message","type"}} errors.</summary>
internal static class AdminResults
{
    public static Task JsonAsync(HttpContext http, string json, int status = 200)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        return http.Response.WriteAsync(json, Encoding.UTF8);
    }

    public static Task BadRequestAsync(HttpContext http, string message) => ErrorAsync(http, 400, "invalid_request_error", message);

    public static Task ErrorAsync(HttpContext http, int status, string type, string message)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, JsonWriting.Options))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("error");
            writer.WriteString("message", message);
            writer.WriteString("type", type);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return JsonAsync(http, Encoding.UTF8.GetString(buffer.ToArray()), status);
    }
}
