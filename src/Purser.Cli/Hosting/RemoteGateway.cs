using System.Net.Http.Headers;

namespace Purser.Cli.Hosting;

/// <summary>Talks to a running gateway's admin API for commands run with --server.</summary>
internal sealed class RemoteGateway(string baseUrl, string? key) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = new Uri(baseUrl.TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(60) };

    public static RemoteGateway Create(string server, string? key, CliEnvironment environment) =>
        new(server, key ?? environment.Variables("PURSER_API_KEY") ?? environment.Variables("PURSER_MASTER_KEY"));

    public async Task<string> GetStringAsync(string pathAndQuery, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery.TrimStart('/'));
        return await SendAsync(request, cancellationToken);
    }

    /// <summary>GETs a JSON list from the gateway's admin API; an empty body or <c>null</c> is an empty list.</summary>
    public async Task<List<T>> GetListAsync<T>(string pathAndQuery, System.Text.Json.Serialization.Metadata.JsonTypeInfo<List<T>> type, CancellationToken cancellationToken) =>
        System.Text.Json.JsonSerializer.Deserialize(await GetStringAsync(pathAndQuery, cancellationToken), type) ?? [];

    public async Task<string> PostJsonAsync(string path, string json, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path.TrimStart('/'))
        {
            Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
        };
        return await SendAsync(request, cancellationToken);
    }

    private async Task<string> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(key))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        using HttpResponseMessage response = await _http.SendAsync(request, cancellationToken);
        string body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new CliException($"The gateway at {baseUrl} answered {(int)response.StatusCode}: {body}");
        }

        return body;
    }

    /// <summary>Sends a JSON body (or none) with <paramref name="method"/>; a non-success answer becomes a <see cref="CliException"/>.</summary>
    public async Task<string> SendAsync(HttpMethod method, string pathAndQuery, string? json, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, pathAndQuery.TrimStart('/'));
        if (json is not null)
        {
            request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        }

        if (!string.IsNullOrEmpty(key))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        using HttpResponseMessage response = await _http.SendAsync(request, cancellationToken);
        string body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new CliException($"The gateway at {baseUrl} answered {(int)response.StatusCode}: {body}");
        }

        return body;
    }

    public void Dispose() => _http.Dispose();
}
