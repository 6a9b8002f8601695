using Purser.Providers.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Purser.Dispatch;

namespace Purser.Gateway.Endpoints;

/// <summary>
/// GET /health (the process answers) and /health/ready (providers are configured and the database answers: with a
/// shared PostgreSQL database that is down, 503 <c>{"status":"not_ready","database":"unreachable"}</c>, so a load
/// balancer sends calls elsewhere).
/// </summary>
internal static class HealthEndpoint
{
    public static async Task HandleAsync(HttpContext http, IProviderRegistry providers, bool ready, Storage.IStorageDatabase? database = null)
    {
        bool reachable = !ready || database is null || await database.IsReachableAsync(http.RequestAborted);
        http.Response.ContentType = "application/json";
        http.Response.StatusCode = reachable ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        await using var writer = new Utf8JsonWriter(http.Response.Body, JsonWriting.Options);
        writer.WriteStartObject();
        writer.WriteString("status", reachable ? "ok" : "not_ready");
        if (ready)
        {
            if (database is not null)
            {
                writer.WriteString("database", reachable ? database.Provider : "unreachable");
            }

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
