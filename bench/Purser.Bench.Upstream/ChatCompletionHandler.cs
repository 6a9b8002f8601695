using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;

namespace Purser.Bench.Upstream;

/// <summary>Routes by hand (no routing middleware) and writes precomputed bytes.</summary>
internal static class ChatCompletionHandler
{
    private const string CompletionsPath = "/v1/chat/completions";

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

        response.Headers.CacheControl = "no-cache";
        await WriteAsync(response, "text/event-stream", includeUsage ? FixedAnswers.StreamWithUsage : FixedAnswers.Stream, http.RequestAborted);
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
