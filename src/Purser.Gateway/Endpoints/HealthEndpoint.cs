using Purser.Providers.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Purser.Dispatch;
using Purser.Gateway.Http;
using Purser.Ledger;

namespace Purser.Gateway.Endpoints;

/// <summary>
/// GET /health (the process answers) and /health/ready: 200 while providers are configured, the ledger writes to
/// its database and the database answers; 503 with the ledger's problem while it cannot (disk full, database file
/// deleted or replaced) or with <c>"database":"unreachable"</c> while a shared PostgreSQL database is down, so a load
/// balancer stops sending calls this instance could not record.
/// </summary>
internal static class HealthEndpoint
{
    public static async Task HandleAsync(HttpContext http)
    {
        http.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(http.Response.Body, JsonWriting.Options);
        writer.WriteStartObject();
        writer.WriteString("status", "ok");
        writer.WriteEndObject();
    }

    public static async Task ReadyAsync(HttpContext http, IProviderRegistry providers, LedgerWriter ledger, InFlightBodyBytes inFlight, Storage.IStorageDatabase database)
    {
        LedgerStatus status = ledger.Status;
        bool reachable = await database.IsReachableAsync(http.RequestAborted);
        bool ready = status.State == LedgerState.Healthy && reachable;
        http.Response.StatusCode = ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        http.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(http.Response.Body, JsonWriting.Options);
        writer.WriteStartObject();
        writer.WriteString("status", ready ? "ok" : "not_ready");
        writer.WriteString("database", reachable ? database.Provider : "unreachable");
        writer.WriteStartObject("ledger");
        writer.WriteString("state", status.State.ToString().ToLowerInvariant());
        writer.WriteBoolean("accepts_calls", ledger.AcceptsCalls);
        writer.WriteString("durability", ledger.Durability.ToString().ToLowerInvariant());
        if (status.Problem is not null)
        {
            writer.WriteString("problem", status.Problem);
        }

        if (status.Since is { } since)
        {
            writer.WriteString("since", since);
        }

        writer.WriteNumber("set_aside_rows", status.SetAside);
        writer.WriteBoolean("spool_works", status.SpoolWorks);
        writer.WriteNumber("written_rows", ledger.Written);
        writer.WriteNumber("batches", ledger.Batches);
        writer.WriteEndObject();
        writer.WriteStartObject("request_bodies");
        writer.WriteNumber("in_flight_bytes", inFlight.Current);
        writer.WriteNumber("peak_in_flight_bytes", inFlight.Peak);
        writer.WriteNumber("max_in_flight_bytes", inFlight.Limit);
        writer.WriteNumber("refused", inFlight.Refused);
        writer.WriteEndObject();
        writer.WriteStartArray("providers");
        foreach (IChatProvider provider in providers.All.OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            writer.WriteStartObject();
            writer.WriteString("name", provider.Name);
            writer.WriteString("protocol", provider.Protocol.ToString());
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
