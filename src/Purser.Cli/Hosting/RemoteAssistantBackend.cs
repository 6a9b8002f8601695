using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Purser.Assistant.Calls;
using Purser.Chat;
using Purser.Providers.OpenAI;

namespace Purser.Cli.Hosting;

/// <summary>
/// Sends assistant calls to a running gateway (<c>--server</c>) over its OpenAI endpoint, so the gateway's pipeline routes,
/// budgets, prices and records them; the cost and cache status come back in the x-purser-* headers.
/// </summary>
internal sealed class RemoteAssistantBackend(string baseUrl, string? key, TimeProvider time, bool refresh = false) : IAssistantBackend, IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = new Uri(baseUrl.TrimEnd('/') + "/"), Timeout = TimeSpan.FromMinutes(5) };

    public bool IsRemote => true;

    public async ValueTask SendAsync(ChatRequest request, AssistantCallRequest spec, AssistantCall call, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions")
        {
            Content = new ByteArrayContent(OpenAIRequestWriter.Write(request, request.Model, stream: false, useMaxCompletionTokens: false)),
        };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (!string.IsNullOrEmpty(key))
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        message.Headers.Add("x-purser-operation", spec.Operation);
        AssistantCacheUse use = refresh && spec.Cache == AssistantCacheUse.Use ? AssistantCacheUse.Refresh : spec.Cache;
        message.Headers.Add("x-purser-cache", use == AssistantCacheUse.Off ? "off" : "on");
        if (use is AssistantCacheUse.Refresh or AssistantCacheUse.NoStore)
        {
            message.Headers.CacheControl = new CacheControlHeaderValue { NoCache = use == AssistantCacheUse.Refresh, NoStore = use == AssistantCacheUse.NoStore };
        }

        if (spec.Repository is { Length: > 0 } repository)
        {
            message.Headers.Add("x-purser-repository", repository);
        }

        if (spec.Project is { Length: > 0 } project)
        {
            message.Headers.Add("x-purser-project", project);
        }

        long started = time.GetTimestamp();
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(message, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            call.Error = new AssistantError(502, "connection", $"Cannot reach the gateway at {baseUrl}: {ex.Message}");
            return;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            call.Error = new AssistantError(504, "timeout", $"The gateway at {baseUrl} did not answer in time.");
            return;
        }

        using (response)
        {
            byte[] body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            call.Elapsed = time.GetElapsedTime(started);
            call.RequestId = Header(response, "x-purser-request-id");
            string? provider = Header(response, "x-purser-provider");
            string? model = Header(response, "x-purser-model");
            call.ServedBy = provider is null or "none" || model is null ? null : provider + "/" + model;
            call.Cached = Header(response, "x-purser-cache") == "hit";
            call.CostUsd = decimal.TryParse(Header(response, "x-purser-cost-usd"), NumberStyles.Float, CultureInfo.InvariantCulture, out decimal cost) ? cost : null;
            if (call.CostUsd is null && response.IsSuccessStatusCode)
            {
                call.Warnings.Add($"The gateway has no price for {call.ServedBy ?? request.Model}: its cost is unknown.");
            }

            if (!response.IsSuccessStatusCode)
            {
                call.Error = ReadError((int)response.StatusCode, body);
                if (call.Error.Kind is "no_provider" or "model_not_found" || (call.Error.StatusCode is 400 or 404 && call.Error.Message.Contains("model", StringComparison.OrdinalIgnoreCase)))
                {
                    call.Error = call.Error with { Message = call.Error.Message + $" With --server the gateway resolves '{request.Model}': pass --model with a model it serves, or set Purser:Assistant:Model." };
                }

                return;
            }

            try
            {
                ChatResponse answer = OpenAIResponseReader.Read(body);
                call.Text = answer.Text;
                call.FinishReason = answer.FinishReason;
                call.Usage = answer.Usage;
            }
            catch (JsonException ex)
            {
                call.Error = new AssistantError(502, "invalid_response", $"The gateway at {baseUrl} sent an answer that is not a chat completion: {ex.Message}");
            }
        }
    }

    public void Dispose() => _http.Dispose();

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out IEnumerable<string>? values) ? values.FirstOrDefault() : null;

    private AssistantError ReadError(int status, byte[] body)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(body);
            if (document.RootElement.TryGetProperty("error", out JsonElement error) && error.ValueKind == JsonValueKind.Object)
            {
                string message = error.TryGetProperty("message", out JsonElement m) ? m.GetString() ?? "" : "";
                string kind = error.TryGetProperty("purser_error_kind", out JsonElement k) && k.ValueKind == JsonValueKind.String ? k.GetString()!
                    : error.TryGetProperty("type", out JsonElement t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : "upstream_http";
                return new AssistantError(status, kind, $"The gateway at {baseUrl} answered {status}: {message}");
            }
        }
        catch (JsonException)
        {
        }

        return new AssistantError(status, status is 401 or 403 ? "unauthorized" : "upstream_http", $"The gateway at {baseUrl} answered {status}.");
    }
}
