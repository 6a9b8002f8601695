using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Purser.Gateway.Admin;
using Purser.Gateway.Http;

namespace Purser.Gateway.Assistant;

/// <summary>
/// The HTTP API of the Code Insight worker (seed 002), so its clients work unchanged: <c>POST /process-review</c>,
/// <c>/process-debug</c> and <c>/generate-architecture</c> take its field names (<c>file_content</c>, <c>user_request</c> …)
/// and answer with its envelope (<c>success</c>, <c>cached</c>, <c>content</c>, <c>tokens_used</c> with prompt / completion /
/// total tokens, <c>model</c>, <c>elapsed_time</c> in seconds), plus Purser's <c>result</c>, <c>cost_usd</c>, <c>request_id</c>
/// and <c>warnings</c>. They are aliases of <c>/api/review</c>, <c>/api/debug</c> and <c>/api/architecture</c>: the request is
/// renamed, answered by the same handler, and the answer reshaped. Errors keep their status and read
/// <c>{"success": false, "error": message, "error_type": type}</c>.
/// </summary>
internal sealed class CodeInsightEndpoints(AssistantEndpoints assistant, GatewayOptions gateway)
{
    private static readonly Dictionary<string, string> ReviewFields = new(StringComparer.Ordinal) { ["file_content"] = "content" };
    private static readonly Dictionary<string, string> DebugFields = new(StringComparer.Ordinal);
    private static readonly Dictionary<string, string> ArchitectureFields = new(StringComparer.Ordinal) { ["user_request"] = "request" };

    public Task ProcessReviewAsync(HttpContext http) => TranslateAsync(http, ReviewFields, assistant.ReviewAsync);

    public Task ProcessDebugAsync(HttpContext http) => TranslateAsync(http, DebugFields, assistant.DebugAsync);

    public Task GenerateArchitectureAsync(HttpContext http) => TranslateAsync(http, ArchitectureFields, assistant.ArchitectureAsync);

    private async Task TranslateAsync(HttpContext http, Dictionary<string, string> renames, Func<HttpContext, Task> handler)
    {
        var (raw, readError) = await RequestBody.ReadAsync(http.Request, gateway.MaxRequestBodyBytes, http.RequestAborted);
        if (readError is not null)
        {
            await WriteErrorAsync(http, readError.StatusCode, readError.StatusCode == 413 ? "request_too_large" : "invalid_request_error", readError.Message);
            return;
        }

        byte[] body = raw.ToArray();
        if (Parse(body) is JsonObject request)
        {
            foreach ((string from, string to) in renames)
            {
                if (request.ContainsKey(from) && !request.ContainsKey(to))
                {
                    JsonNode? value = request[from];
                    request.Remove(from);
                    request[to] = value;
                }
            }

            body = Encoding.UTF8.GetBytes(request.ToJsonString());
        }

        http.Request.Body = new MemoryStream(body);
        http.Request.ContentLength = body.Length;
        Stream original = http.Response.Body;
        using var captured = new MemoryStream();
        http.Response.Body = captured;
        try
        {
            await handler(http);
        }
        finally
        {
            http.Response.Body = original;
        }

        JsonNode? answer = Parse(captured.ToArray());
        if (http.Response.StatusCode >= 400 || answer is not JsonObject envelope || envelope["error"] is JsonObject)
        {
            JsonObject? error = (answer as JsonObject)?["error"] as JsonObject;
            await WriteErrorAsync(http, http.Response.StatusCode >= 400 ? http.Response.StatusCode : 502, error?["type"]?.GetValue<string>() ?? "upstream_http", error?["message"]?.GetValue<string>() ?? "The request failed.");
            return;
        }

        await AdminResults.JsonAsync(http, Envelope(envelope).ToJsonString(), http.Response.StatusCode);
    }

    /// <summary>Purser's answer envelope in the Code Insight worker's shape.</summary>
    internal static JsonObject Envelope(JsonObject purser)
    {
        JsonObject? usage = purser["usage"] as JsonObject;
        double elapsedMs = purser["elapsed_ms"]?.GetValue<double>() ?? 0;
        return new JsonObject
        {
            ["success"] = true,
            ["cached"] = purser["cached"]?.DeepClone() ?? false,
            ["content"] = purser["content"]?.DeepClone() ?? "",
            ["tokens_used"] = new JsonObject
            {
                ["prompt_tokens"] = usage?["input_tokens"]?.DeepClone() ?? 0,
                ["completion_tokens"] = usage?["output_tokens"]?.DeepClone() ?? 0,
                ["total_tokens"] = usage?["total_tokens"]?.DeepClone() ?? 0,
            },
            ["model"] = purser["model"]?.DeepClone(),
            ["elapsed_time"] = Math.Round(elapsedMs / 1000.0, 4),
            ["result"] = purser["result"]?.DeepClone(),
            ["cost_usd"] = purser["cost_usd"]?.DeepClone(),
            ["request_id"] = purser["request_id"]?.DeepClone(),
            ["warnings"] = purser["warnings"]?.DeepClone() ?? new JsonArray(),
        };
    }

    private static Task WriteErrorAsync(HttpContext http, int status, string type, string message) =>
        AdminResults.JsonAsync(http, new JsonObject { ["success"] = false, ["error"] = message, ["error_type"] = type }.ToJsonString(), status);

    private static JsonNode? Parse(byte[] json)
    {
        try
        {
            return json.Length == 0 ? null : JsonNode.Parse(json, documentOptions: new System.Text.Json.JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (System.Text.Json.JsonException)
        {
            return null; // the handler reports what is wrong with the body
        }
    }
}
