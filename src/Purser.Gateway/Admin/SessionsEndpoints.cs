using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Purser.Sessions;

namespace Purser.Gateway.Admin;

/// <summary>
/// <c>purser run</c> sessions over the admin API: POST /api/sessions (the session's key is in the answer, once),
/// GET /api/sessions[?limit=N], GET /api/sessions/{id}, POST /api/sessions/{id}/end.
/// </summary>
internal static class SessionsEndpoints
{
    private const int DefaultLimit = 20;
    private const int MaxLimit = 1000;

    public static async Task StartAsync(HttpContext http, SessionService sessions)
    {
        var (request, error) = await AdminJson.ReadAsync(http, SessionJsonContext.Default.SessionRequest);
        if (request is null)
        {
            await AdminResults.BadRequestAsync(http, error!);
            return;
        }

        var (started, errors) = sessions.Start(request);
        if (started is null)
        {
            await AdminResults.BadRequestAsync(http, string.Join(" ", errors));
            return;
        }

        http.Response.Headers.CacheControl = "no-store";
        await AdminResults.JsonAsync(http, JsonSerializer.Serialize(started, SessionJsonContext.Default.SessionStart), StatusCodes.Status201Created);
    }

    public static async Task ListAsync(HttpContext http, SessionService sessions)
    {
        int limit = DefaultLimit;
        string? text = http.Request.Query["limit"];
        if (text is not null && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            await AdminResults.BadRequestAsync(http, $"'limit' must be a whole number from 1 to {MaxLimit}.");
            return;
        }

        IReadOnlyList<SessionSummary> list = await sessions.ListAsync(limit, http.RequestAborted);
        await AdminResults.JsonAsync(http, JsonSerializer.Serialize([.. list], SessionJsonContext.Default.ListSessionSummary));
    }

    public static async Task ShowAsync(HttpContext http, string id, SessionService sessions) =>
        await WriteAsync(http, id, await sessions.SummaryAsync(id, http.RequestAborted));

    public static async Task EndAsync(HttpContext http, string id, SessionService sessions)
    {
        int? exitCode = null;
        if (http.Request.ContentLength is > 0 || http.Request.Headers.TransferEncoding.Count > 0)
        {
            var (end, error) = await AdminJson.ReadAsync(http, SessionJsonContext.Default.SessionEnd);
            if (end is null)
            {
                await AdminResults.BadRequestAsync(http, error!);
                return;
            }

            exitCode = end.ExitCode;
        }

        await WriteAsync(http, id, await sessions.EndAsync(id, exitCode, http.RequestAborted));
    }

    private static Task WriteAsync(HttpContext http, string id, SessionSummary? summary) => summary is null
        ? AdminResults.ErrorAsync(http, 404, "not_found_error", $"There is no session with id '{id}'.")
        : AdminResults.JsonAsync(http, JsonSerializer.Serialize(summary, SessionJsonContext.Default.SessionSummary));
}
