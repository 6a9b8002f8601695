using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;

namespace Purser.Bench.Upstream;

/// <summary>Routes by hand (no routing middleware) and writes precomputed bytes.</summary>
internal static class ChatCompletionHandler
{
    private const string CompletionsPath = "/v1/chat/completions";

    /// <summary>Time between a stream's first event and the rest.</summary>
    private static readonly TimeSpan FirstChunkGap = TimeSpan.FromMilliseconds(2);

    public static async Task HandleAsync(HttpContext http)
    {
        HttpRequest request = http.Request;
        HttpResponse response = http.Response;
        if (HttpMethods.IsGet(request.Method) && request.Path.Equals("/health", StringComparison.Ordinal))
        {
            await WriteAsync(response, "text/plain", FixedAnswers.Health, http.RequestAborted);
            return;
        }

        if (!HttpMethods.IsPost(request.Method) || !request.Path.Equals(CompletionsPath, StringComparison.Ordinal))
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            await WriteAsync(response, "application/json", FixedAnswers.NotFound, http.RequestAborted);
            return;
        }

        (bool stream, bool includeUsage) = await ReadFlagsAsync(request.BodyReader, http.RequestAborted);
        if (!stream)
        {
            await WriteAsync(response, "application/json", FixedAnswers.Completion, http.RequestAborted);
            return;
        }

        // One write and flush per event, as a model server streams. The first event goes out alone and the rest follow
        // FirstChunkGap later, so that a gateway which forwards chunks as they come shows a first byte well before the
        // last, and one that buffers the answer shows both at the same time.
        response.Headers.CacheControl = "no-cache";
        response.ContentType = "text/event-stream";
        byte[][] events = includeUsage ? FixedAnswers.StreamWithUsage : FixedAnswers.Stream;
        for (int i = 0; i < events.Length; i++)
        {
            await response.Body.WriteAsync(events[i], http.RequestAborted);
            await response.Body.FlushAsync(http.RequestAborted);
            if (i == 0)
            {
                await Task.Delay(FirstChunkGap, http.RequestAborted);
            }
        }
    }

    private static async Task WriteAsync(HttpResponse response, string contentType, byte[] body, CancellationToken cancellationToken)
    {
        response.ContentType = contentType;
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, cancellationToken);
    }

    /// <summary>Reads the whole body and looks for the two flags as bytes; JSON writers on both sides write them compact.</summary>
    private static async Task<(bool Stream, bool IncludeUsage)> ReadFlagsAsync(PipeReader reader, CancellationToken cancellationToken)
    {
        while (true)
        {
            ReadResult result = await reader.ReadAsync(cancellationToken);
            ReadOnlySequence<byte> buffer = result.Buffer;
            if (result.IsCompleted || result.IsCanceled)
            {
                (bool, bool) flags = FindFlags(buffer);
                reader.AdvanceTo(buffer.End);
                return flags;
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static (bool Stream, bool IncludeUsage) FindFlags(ReadOnlySequence<byte> body)
    {
        ReadOnlySpan<byte> span = body.IsSingleSegment ? body.FirstSpan : body.ToArray();
        bool stream = span.IndexOf("\"stream\":true"u8) >= 0 || span.IndexOf("\"stream\": true"u8) >= 0;
        bool usage = stream && (span.IndexOf("\"include_usage\":true"u8) >= 0 || span.IndexOf("\"include_usage\": true"u8) >= 0);
        return (stream, usage);
    }
}
