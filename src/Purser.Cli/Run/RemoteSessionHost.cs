using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Purser.Cli.Hosting;
using Purser.Sessions;

namespace Purser.Cli.Run;

/// <summary>
/// A running gateway (--server, or one found at Purser:Run:Server) that hosts the session through its admin API
/// (/api/sessions, with the master key when it has one): its routing, budgets and ledger apply.
/// </summary>
internal sealed class RemoteSessionHost : ISessionHost
{
    private readonly HttpClient _http;

    private RemoteSessionHost(HttpClient http, string url, IReadOnlyList<string> providers)
    {
        _http = http;
        Url = url;
        Providers = providers;
    }

    public string Url { get; }

    public string Description => "the gateway at " + Url;

    public IReadOnlyList<string> Providers { get; }

    /// <summary>Connects to the gateway at <paramref name="url"/>; null when nothing that answers like Purser is there.</summary>
    public static async Task<RemoteSessionHost?> ConnectAsync(string url, string? key, TimeSpan timeout, CancellationToken cancellationToken)
    {
        string root = url.TrimEnd('/');
        var http = new HttpClient { BaseAddress = new Uri(root + "/"), Timeout = Timeout.InfiniteTimeSpan };
        if (!string.IsNullOrEmpty(key))
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        using var probe = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        probe.CancelAfter(timeout);
        try
        {
            using HttpResponseMessage response = await http.GetAsync("health/ready", probe.Token);
            using JsonDocument health = JsonDocument.Parse(await response.Content.ReadAsStringAsync(probe.Token));
            if (response.IsSuccessStatusCode && health.RootElement.ValueKind == JsonValueKind.Object
                && health.RootElement.TryGetProperty("status", out _)
                && health.RootElement.TryGetProperty("providers", out JsonElement providers) && providers.ValueKind == JsonValueKind.Array)
            {
                List<string> names = [.. providers.EnumerateArray()
                    .Select(p => p.TryGetProperty("name", out JsonElement n) ? n.GetString() : null)
                    .OfType<string>()
                    .Where(n => !string.Equals(n, "simulated", StringComparison.OrdinalIgnoreCase))];
                return new RemoteSessionHost(http, root, names);
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or JsonException)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
        }

        http.Dispose();
        return null;
    }

    public async Task<SessionStart> StartAsync(SessionRequest request, CancellationToken cancellationToken)
    {
        string body = JsonSerializer.Serialize(request, SessionJsonContext.Default.SessionRequest);
        (HttpStatusCode status, string answer) = await SendAsync(HttpMethod.Post, "api/sessions", body, cancellationToken);
        if (status == HttpStatusCode.Created)
        {
            return JsonSerializer.Deserialize(answer, SessionJsonContext.Default.SessionStart)
                ?? throw new CliException($"{Description} answered the session start with an empty body.");
        }

        throw new CliException(status switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden =>
                $"{Description} refused to start a session ({(int)status}): it needs its master key — set PURSER_MASTER_KEY or pass --key. {ErrorMessage(answer)}",
            HttpStatusCode.NotFound => $"{Description} does not offer sessions (/api/sessions): it runs an older Purser. Upgrade it, or run without --server.",
            _ => $"{Description} refused the session ({(int)status}): {ErrorMessage(answer)}",
        }, status == HttpStatusCode.BadRequest ? 2 : 1);
    }

    public Task<SessionSummary?> SummaryAsync(string id, CancellationToken cancellationToken) => ReadSummaryAsync(HttpMethod.Get, $"api/sessions/{Uri.EscapeDataString(id)}", null, cancellationToken);

    public Task<SessionSummary?> EndAsync(string id, int? exitCode, CancellationToken cancellationToken) =>
        ReadSummaryAsync(HttpMethod.Post, $"api/sessions/{Uri.EscapeDataString(id)}/end", JsonSerializer.Serialize(new SessionEnd { ExitCode = exitCode }, SessionJsonContext.Default.SessionEnd), cancellationToken);

    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<SessionSummary?> ReadSummaryAsync(HttpMethod method, string path, string? body, CancellationToken cancellationToken)
    {
        (HttpStatusCode status, string answer) = await SendAsync(method, path, body, cancellationToken);
        if (status == HttpStatusCode.NotFound)
        {
            return null;
        }

        return status == HttpStatusCode.OK
            ? JsonSerializer.Deserialize(answer, SessionJsonContext.Default.SessionSummary)
            : throw new CliException($"{Description} answered {(int)status}: {ErrorMessage(answer)}");
    }

    private async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpMethod method, string path, string? json, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        try
        {
            using HttpResponseMessage response = await _http.SendAsync(request, cancellationToken);
            return (response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
        }
        catch (HttpRequestException ex)
        {
            throw new CliException($"Cannot reach {Description}: {ex.Message}");
        }
    }

    private static string ErrorMessage(string body)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(body);
            if (document.RootElement.TryGetProperty("error", out JsonElement error) && error.TryGetProperty("message", out JsonElement message))
            {
                return message.GetString() ?? "";
            }
        }
        catch (JsonException)
        {
        }

        return body.Length > 300 ? body[..300] : body;
    }
}
