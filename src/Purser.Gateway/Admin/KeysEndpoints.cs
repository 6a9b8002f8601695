using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Purser.Keys;

namespace Purser.Gateway.Admin;

/// <summary>GET /api/keys, POST /api/keys (the key is in the answer, once), DELETE /api/keys/{id}.</summary>
internal static class KeysEndpoints
{
    public static Task ListAsync(HttpContext http, KeyService keys) =>
        AdminResults.JsonAsync(http, JsonSerializer.Serialize([.. keys.List()], KeyJsonContext.Default.ListKeyView));

    public static async Task CreateAsync(HttpContext http, KeyService keys)
    {
        var (request, error) = await AdminJson.ReadAsync(http, KeyJsonContext.Default.KeyRequest);
        if (request is null)
        {
            await AdminResults.BadRequestAsync(http, error!);
            return;
        }

        var (created, errors) = keys.Create(request);
        if (created is null)
        {
            await AdminResults.BadRequestAsync(http, string.Join(" ", errors));
            return;
        }

        http.Response.Headers.CacheControl = "no-store";
        await AdminResults.JsonAsync(http, JsonSerializer.Serialize(created, KeyJsonContext.Default.KeyView), StatusCodes.Status201Created);
    }

    public static async Task RevokeAsync(HttpContext http, string id, KeyService keys)
    {
        if (keys.Revoke(id) is not { } revoked)
        {
            await AdminResults.ErrorAsync(http, 404, "not_found_error", $"There is no key with id '{id}'.");
            return;
        }

        await AdminResults.JsonAsync(http, JsonSerializer.Serialize(revoked, KeyJsonContext.Default.KeyView));
    }
}
