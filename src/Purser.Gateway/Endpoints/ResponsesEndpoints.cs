using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Purser.Chat;
using Purser.Errors;
using Purser.Gateway.Http;
using Purser.Gateway.Inbound;
using Purser.Providers.Json;
using Purser.Providers.Responses;
using Purser.ResponseState;

namespace Purser.Gateway.Endpoints;

/// <summary>
/// The OpenAI Responses API: <c>POST /v1/responses</c> (through the one pipeline, after <c>previous_response_id</c> is
/// replaced by the stored conversation it names), <c>GET</c> and <c>DELETE /v1/responses/{id}</c>, and
/// <c>GET /v1/responses/{id}/input_items</c>. Stored responses belong to the virtual key that created them.
/// </summary>
internal sealed class ResponsesEndpoints(ChatEndpointHandler handler, ResponseStateService state, GatewayOptions options)
{
    public async Task CreateAsync(HttpContext http)
    {
        var (body, readError) = await RequestBody.ReadAsync(http.Request, options.MaxRequestBodyBytes, http.RequestAborted);
        if (readError is not null)
        {
            await handler.WriteErrorAsync(http, ResponsesInbound.Refusal, readError, null);
            return;
        }

        string? keyId = Auth.KeyAuthentication.KeyOf(http)?.Id;
        ChatRequest request;
        List<JsonNode> ownInput;
        JsonObject root;
        try
        {
            root = JsonRead.ParseObject(body.Span);
            string? previous = JsonRead.String(root, "previous_response_id", "previous_response_id");
            List<JsonNode>? history = null;
            if (previous is not null && (history = await state.ConversationAsync(previous, keyId, http.RequestAborted)) is null)
            {
                await handler.WriteErrorAsync(http, ResponsesInbound.Refusal, ResponsesErrors.NotFound(previous, "previous_response_id"), null);
                return;
            }

            ownInput = ExpandInput(root, history);
            request = ResponsesRequestReader.Read(root);
        }
        catch (InvalidRequestException ex)
        {
            await handler.WriteErrorAsync(http, ResponsesInbound.Refusal, PurserError.BadRequest(ex.Message, ex.Param, "invalid_request"), null);
            return;
        }

        await handler.RunAsync(http, new ResponsesInbound(state, keyId, ownInput, root), request);
    }

    public async Task GetAsync(HttpContext http, string id)
    {
        if (await FindAsync(http, id) is not { } stored)
        {
            return;
        }

        await WriteJsonAsync(http, StatusCodes.Status200OK, stored.Response);
    }

    public async Task DeleteAsync(HttpContext http, string id)
    {
        if (!await state.DeleteAsync(id, Auth.KeyAuthentication.KeyOf(http)?.Id, http.RequestAborted))
        {
            await handler.WriteErrorAsync(http, ResponsesInbound.Refusal, ResponsesErrors.NotFound(id, "response_id"), null);
            return;
        }

        await WriteJsonAsync(http, StatusCodes.Status200OK, Json(w =>
        {
            w.WriteStartObject();
            w.WriteString("id", id);
            w.WriteString("object", "response");
            w.WriteBoolean("deleted", true);
            w.WriteEndObject();
        }));
    }

    /// <summary>The items the response's own request added (earlier turns are listed under their own responses), newest first unless <c>order=asc</c>.</summary>
    public async Task InputItemsAsync(HttpContext http, string id)
    {
        if (await FindAsync(http, id) is not { } stored)
        {
            return;
        }

        string order = http.Request.Query["order"].ToString();
        if (order is not ("" or "asc" or "desc"))
        {
            await handler.WriteErrorAsync(http, ResponsesInbound.Refusal, PurserError.BadRequest($"'order' must be asc or desc; got '{order}'.", "order"), null);
            return;
        }

        List<JsonNode?> items = [.. ResponseStateService.InputItems(stored)];
        if (order != "asc")
        {
            items.Reverse();
        }

        await WriteJsonAsync(http, StatusCodes.Status200OK, Json(w =>
        {
            w.WriteStartObject();
            w.WriteString("object", "list");
            w.WriteStartArray("data");
            foreach (JsonNode? item in items)
            {
                if (item is null)
                {
                    w.WriteNullValue();
                }
                else
                {
                    item.WriteTo(w);
                }
            }

            w.WriteEndArray();
            WriteItemId(w, "first_id", items.Count > 0 ? items[0] : null);
            WriteItemId(w, "last_id", items.Count > 0 ? items[^1] : null);
            w.WriteBoolean("has_more", false);
            w.WriteEndObject();
        }));
    }

    /// <summary>
    /// Puts the stored conversation before this call's own input (a string becomes one user message) and returns the
    /// items this call adds: nodes of the body itself, so a redaction by the secret guard is what gets stored.
    /// </summary>
    private static List<JsonNode> ExpandInput(JsonObject root, List<JsonNode>? history)
    {
        JsonNode? input = root["input"];
        List<JsonNode> own;
        if (input is JsonArray array)
        {
            own = [.. array.Where(n => n is not null).Select(n => n!)];
            array.Clear();
        }
        else if (input is JsonValue text && text.GetValueKind() == JsonValueKind.String)
        {
            own = [new JsonObject { ["type"] = "message", ["role"] = "user", ["content"] = text.GetValue<string>() }];
        }
        else
        {
            return []; // missing or malformed: the reader says so
        }

        var expanded = new JsonArray();
        foreach (JsonNode item in history ?? [])
        {
            expanded.Add(item);
        }

        foreach (JsonNode item in own)
        {
            expanded.Add(item);
        }

        root["input"] = expanded;
        return own;
    }

    private async Task<StoredResponse?> FindAsync(HttpContext http, string id)
    {
        StoredResponse? stored = await state.GetAsync(id, Auth.KeyAuthentication.KeyOf(http)?.Id, http.RequestAborted);
        if (stored is null)
        {
            await handler.WriteErrorAsync(http, ResponsesInbound.Refusal, ResponsesErrors.NotFound(id, "response_id"), null);
        }

        return stored;
    }

    private static void WriteItemId(Utf8JsonWriter w, string name, JsonNode? item)
    {
        if (item?["id"] is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            w.WriteString(name, v.GetValue<string>());
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static byte[] Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, JsonWriting.Options))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static async Task WriteJsonAsync(HttpContext http, int status, byte[] payload)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        http.Response.ContentLength = payload.Length;
        await http.Response.Body.WriteAsync(payload, http.RequestAborted);
    }
}
