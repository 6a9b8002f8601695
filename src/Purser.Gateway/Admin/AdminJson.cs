using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;

namespace Purser.Gateway.Admin;

/// <summary>Reads admin API request bodies; malformed JSON is a 400, never a 500.</summary>
internal static class AdminJson
{
    public static async Task<(T? Value, string? Error)> ReadAsync<T>(HttpContext http, JsonTypeInfo<T> type)
        where T : class
    {
        try
        {
            T? value = await JsonSerializer.DeserializeAsync(http.Request.Body, type, http.RequestAborted);
            return value is null ? (null, "The request body must be a JSON object.") : (value, null);
        }
        catch (JsonException ex)
        {
            return (null, "The request body is not valid JSON: " + ex.Message);
        }
        catch (BadHttpRequestException ex)
        {
            return (null, "The request body could not be read: " + ex.Message);
        }
    }
}
