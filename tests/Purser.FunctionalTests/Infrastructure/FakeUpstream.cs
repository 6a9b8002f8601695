using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Purser.FunctionalTests.Infrastructure;

/// <summary>
/// A real HTTP server on a loopback port standing in for a provider. Every request is recorded; what it
/// answers is up to <see cref="Handler"/>, which tests swap per scenario.
/// </summary>
public sealed class FakeUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeUpstream(WebApplication app)
    {
        _app = app;
    }

    /// <summary>The base URL, e.g. http://127.0.0.1:51234.</summary>
    public string Url { get; private set; } = "";

    public ConcurrentQueue<ReceivedRequest> Received { get; } = new();

    public int CallCount => Received.Count;

    /// <summary>When false, request bodies are read and counted but not kept (load tests with large bodies).</summary>
    public bool KeepBodies { get; set; } = true;

    /// <summary>Request-body bytes received so far.</summary>
    public long BodyBytes => Interlocked.Read(ref _bodyBytes);

    private long _bodyBytes;

    /// <summary>Answers a request; the default answers 500 so a missing setup is loud.</summary>
    public Func<HttpContext, ReceivedRequest, Task> Handler { get; set; } = (http, _) =>
    {
        http.Response.StatusCode = 500;
        return http.Response.WriteAsync("{\"error\":{\"message\":\"no handler set\"}}");
    };

    public static async Task<FakeUpstream> StartAsync()
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddRouting();
        WebApplication app = builder.Build();
        var fake = new FakeUpstream(app);
        app.Run(async http =>
        {
            string body;
            if (fake.KeepBodies)
            {
                using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
                body = await reader.ReadToEndAsync();
                Interlocked.Add(ref fake._bodyBytes, Encoding.UTF8.GetByteCount(body));
            }
            else
            {
                byte[] chunk = new byte[64 * 1024];
                int read;
                while ((read = await http.Request.Body.ReadAsync(chunk)) > 0)
                {
                    Interlocked.Add(ref fake._bodyBytes, read);
                }

                body = "{}";
            }

            var received = new ReceivedRequest(
                http.Request.Method,
                http.Request.Path + http.Request.QueryString,
                http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                body);
            fake.Received.Enqueue(received);
            await fake.Handler(http, received);
        });
        await app.StartAsync();
        fake.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return fake;
    }

    public ReceivedRequest LastRequest => Received.Last();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>One request the fake upstream received.</summary>
public sealed record ReceivedRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public JsonObject Json => JsonNode.Parse(Body)!.AsObject();
}
