using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;

namespace Purser.Bench.Upstream;

/// <summary>
/// The "floor": a bare pass-through with the same I/O shape as Purser's non-streaming path (read the whole body,
/// send it upstream with a pooled HttpClient, read the whole answer, write it back) and none of its work (no
/// parsing, routing, pricing, headers); an SSE answer is copied through as it comes. What it adds over direct is the price of any .NET proxy hop on this machine.
/// </summary>
internal sealed class ForwardHandler(Uri upstreamOrigin)
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        MaxConnectionsPerServer = int.MaxValue,
    })
    {
        Timeout = TimeSpan.FromSeconds(30),
    };

    public async Task HandleAsync(HttpContext http)
    {
        HttpRequest request = http.Request;
        if (HttpMethods.IsGet(request.Method) && request.Path.Equals("/health", StringComparison.Ordinal))
        {
            http.Response.ContentLength = FixedAnswers.Health.Length;
            await http.Response.Body.WriteAsync(FixedAnswers.Health, http.RequestAborted);
            return;
        }

        byte[] body = await ReadBodyAsync(request, http.RequestAborted);
        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(upstreamOrigin, request.Path.Value))
        {
            Content = new ByteArrayContent(body),
            Version = HttpVersion.Version11,
        };
        message.Content.Headers.ContentType = Json;
        using HttpResponseMessage answer = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, http.RequestAborted);
        if (answer.Content.Headers.ContentType?.MediaType == "text/event-stream")
        {
            await StreamAsync(answer, http);
            return;
        }

        byte[] payload = await answer.Content.ReadAsByteArrayAsync(http.RequestAborted);
        http.Response.StatusCode = (int)answer.StatusCode;
        http.Response.ContentType = answer.Content.Headers.ContentType?.ToString();
        http.Response.ContentLength = payload.Length;
        await http.Response.Body.WriteAsync(payload, http.RequestAborted);
    }

    /// <summary>A stream is forwarded as it comes: each read from upstream is written and flushed, nothing parsed.</summary>
    private static async Task StreamAsync(HttpResponseMessage answer, HttpContext http)
    {
        http.Response.StatusCode = (int)answer.StatusCode;
        http.Response.ContentType = answer.Content.Headers.ContentType?.ToString();
        await using Stream upstream = await answer.Content.ReadAsStreamAsync(http.RequestAborted);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await upstream.ReadAsync(buffer, http.RequestAborted)) > 0)
            {
                await http.Response.Body.WriteAsync(buffer.AsMemory(0, read), http.RequestAborted);
                await http.Response.Body.FlushAsync(http.RequestAborted);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        while (true)
        {
            ReadResult result = await request.BodyReader.ReadAsync(cancellationToken);
            if (result.IsCompleted || result.IsCanceled)
            {
                byte[] body = result.Buffer.ToArray();
                request.BodyReader.AdvanceTo(result.Buffer.End);
                return body;
            }

            request.BodyReader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }
}
