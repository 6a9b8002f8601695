using Purser.Providers.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Purser.Dispatch;

namespace Purser.Gateway.Endpoints;

/// <summary>GET /health (the process answers) and /health/ready (providers are configured and storage is open).</summary>
internal static class HealthEndpoint
{
    public static async Task HandleAsync(HttpContext http, IProviderRegistry providers, bool ready)
    {
        http.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(http.Response.Body, JsonWriting.Options);
        writer.WriteStartObject();
        writer.WriteString("status", "ok");
        if (ready)
        {
            writer.WriteStartArray("providers");
            foreach (IChatProvider provider in providers.All.OrderBy(p => p.Name, StringComparer.Ordinal))
            {
                writer.WriteStartObject();
                writer.WriteString("name", provider.Name);
                writer.WriteString("protocol", provider.Protocol.ToString());
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }
}
