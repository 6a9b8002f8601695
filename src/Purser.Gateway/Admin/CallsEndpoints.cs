using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Purser.Calls;
using Purser.Ledger;

namespace Purser.Gateway.Admin;

/// <summary>
/// GET /api/calls — recorded calls newest first, filtered and paged by cursor (<see cref="CallQueryReader"/>);
/// GET /api/calls/{request_id} — one call with every attempt (status, latency, tokens, cost), its route and reason,
/// cache status, guard action and budget tier.
/// </summary>
internal static class CallsEndpoints
{
    public static async Task ListAsync(HttpContext http, ICallStore calls, TimeProvider time)
    {
        if (!CallQueryReader.TryRead(http.Request.Query, time.GetUtcNow(), out CallQuery? query, out string? error))
        {
            await AdminResults.BadRequestAsync(http, error!);
            return;
        }

        CallPage page = await calls.ListAsync(query!, http.RequestAborted);
        await AdminResults.JsonAsync(http, JsonSerializer.Serialize(page, CallJsonContext.Default.CallPage));
    }

    public static async Task GetAsync(HttpContext http, string requestId, ICallStore calls)
    {
        if (await calls.GetAsync(requestId, http.RequestAborted) is not { } call)
        {
            await AdminResults.ErrorAsync(http, 404, "not_found_error", $"There is no call with request id '{requestId}'.");
            return;
        }

        await AdminResults.JsonAsync(http, JsonSerializer.Serialize(call, CallJsonContext.Default.LedgerEntry));
    }
}
