using System.Buffers;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Purser.Chat;
using Purser.Errors;
using Purser.Gateway.Http;
using Purser.Gateway.Inbound;
using Purser.Pipeline;
using Purser.Providers.Json;
using Purser.Streaming;
using Purser.Usage;

namespace Purser.Gateway.Endpoints;

/// <summary>
/// The one flow behind /v1/chat/completions, /v1/messages and the Gemini API's generateContent and
/// streamGenerateContent: read, parse, run the pipeline, write the answer,
/// stream or not, in the client's protocol. Same-protocol upstream bytes are forwarded untouched.
/// </summary>
internal sealed partial class ChatEndpointHandler(PurserPipeline pipeline, GatewayOptions options, ILogger<ChatEndpointHandler> logger)
{
    public async Task HandleAsync(HttpContext http, IInboundProtocol protocol)
    {
        CancellationToken aborted = http.RequestAborted;
        var (body, readError) = await RequestBody.ReadAsync(http.Request, options.MaxRequestBodyBytes, aborted);
        if (readError is not null)
        {
            await WriteErrorAsync(http, protocol, readError, null);
            return;
        }

        ChatRequest request;
        try
        {
            // In place: the pooled body stays until the request is over.
            request = protocol.Parse(body);
        }
        catch (InvalidRequestException ex)
        {
            await WriteErrorAsync(http, protocol, PurserError.BadRequest(ex.Message, ex.Param, "invalid_request"), null);
            return;
        }

        await RunAsync(http, protocol, request);
    }

    /// <summary>Runs a parsed request through the pipeline and writes the answer, stream or not, in the client's protocol.</summary>
    internal async Task RunAsync(HttpContext http, IInboundProtocol protocol, ChatRequest request)
    {
        CancellationToken aborted = http.RequestAborted;
        if (protocol.Protocol == WireProtocol.AnthropicMessages)
        {
            request.ForwardHeaders = ForwardedAnthropicHeaders(http.Request);
        }

        if (!CacheDirectivesReader.TryRead(http.Request, out Caching.CacheDirectives cacheDirectives, out PurserError? cacheError))
        {
            await WriteErrorAsync(http, protocol, cacheError!, null);
            return;
        }

        TimeSpan? attemptTimeout = TimeoutHeader.Read(http.Request, out PurserError? timeoutError);
        if (timeoutError is not null)
        {
            await WriteErrorAsync(http, protocol, timeoutError, null);
            return;
        }

        PurserContext context = pipeline.CreateContext(request);
        context.Attribution = AttributionReader.Read(http.Request, request, protocol.Operation);
        context.AttemptTimeout = attemptTimeout;
        foreach (var (name, value) in http.Request.Headers)
        {
            if (name.StartsWith("x-purser-", StringComparison.OrdinalIgnoreCase) || name.Equals("cache-control", StringComparison.OrdinalIgnoreCase))
            {
                context.RequestHeaders[name] = value.ToString();
            }
        }

        context.CacheDirectives = cacheDirectives;

        if (Auth.KeyAuthentication.KeyOf(http) is { } key)
        {
            Keys.KeyRegistry.Apply(context, key);
        }

        await pipeline.ExecuteAsync(context, aborted);
        try
        {
            await WriteAnswerAsync(http, protocol, context);
        }
        finally
        {
            // Whatever failed before the stream was read, the call is recorded and its reservation reconciled.
            if (context.Stream is { } unread)
            {
                await unread.CloseUnreadAsync();
            }
        }
    }

    private async Task WriteAnswerAsync(HttpContext http, IInboundProtocol protocol, PurserContext context)
    {
        if (context.Error is not null && context.Stream is null)
        {
            await WriteErrorAsync(http, protocol, context.Error, context);
            return;
        }

        long created = pipeline.Time.GetUtcNow().ToUnixTimeSeconds();
        string model = ResponseModel(context);
        if (!context.Request.Stream)
        {
            PurserHeaders.Apply(http.Response, context, streaming: false);
            http.Response.StatusCode = StatusCodes.Status200OK;
            http.Response.ContentType = "application/json";
            ReadOnlyMemory<byte> payload = context.ResponseProtocol == protocol.Protocol && !context.ResponseRaw.IsEmpty
                ? context.ResponseRaw
                : protocol.WriteResponse(context.Response!, model, created);
            http.Response.ContentLength = payload.Length;
            protocol.OnAnswer(context, payload);
            await http.Response.Body.WriteAsync(payload, http.RequestAborted);
            return;
        }

        await WriteStreamAsync(http, protocol, context, model, created);
    }

    private async Task WriteStreamAsync(HttpContext http, IInboundProtocol protocol, PurserContext context, string model, long created)
    {
        HttpResponse response = http.Response;
        CancellationToken aborted = http.RequestAborted;
        PurserHeaders.Apply(response, context, streaming: true);
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = protocol.StreamContentType;
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        IBufferWriter<byte> output = response.BodyWriter;
        IInboundStreamWriter writer = protocol.CreateStreamWriter(context.Request, model, created);
        bool passthrough = false;
        PurserError? failure = null;
        TokenUsage? replayedUsage = null;
        try
        {
            if (context.Stream is { } stream)
            {
                await foreach (StreamChunk chunk in stream.WithCancellation(aborted))
                {
                    if (chunk.Protocol == protocol.Protocol)
                    {
                        passthrough = true;
                        writer.Passthrough(chunk);
                        if (!chunk.Suppress)
                        {
                            writer.WritePassthrough(chunk, output);
                        }
                    }

                    foreach (StreamEvent e in chunk.Events)
                    {
                        if (e is ErrorEvent error)
                        {
                            failure = error.Error;
                        }
                        else if (chunk.Protocol != protocol.Protocol)
                        {
                            writer.Write(e, output);
                        }
                    }

                    await response.BodyWriter.FlushAsync(aborted);
                }
            }
            else if (context.Response is { } cached)
            {
                // A cache hit: the stored answer replayed as the client's protocol's events, with the answer's own usage.
                foreach (StreamEvent e in StreamReplay.Events(cached))
                {
                    writer.Write(e, output);
                }

                replayedUsage = cached.Usage;
            }

            failure ??= context.Error;
            if (failure is not null)
            {
                writer.WriteError(failure, output);
            }
            else
            {
                writer.WriteComment(string.Create(CultureInfo.InvariantCulture, $"x-purser-cost-usd={PurserHeaders.FormatCost(context.CostUsd)} x-purser-request-id={context.RequestId}"), output);
                writer.WriteEnd(replayedUsage ?? context.Usage, passthrough, output);
            }

            await response.BodyWriter.FlushAsync(aborted);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            LogClientGone(logger, context.RequestId);
        }
    }

    private static Dictionary<string, string>? ForwardedAnthropicHeaders(HttpRequest request)
    {
        Dictionary<string, string>? headers = null;
        foreach (string name in (ReadOnlySpan<string>)["anthropic-beta", "anthropic-version"])
        {
            string? value = request.Headers[name];
            if (!string.IsNullOrEmpty(value))
            {
                (headers ??= new(StringComparer.OrdinalIgnoreCase))[name] = value;
            }
        }

        return headers;
    }

    private static string ResponseModel(PurserContext context) =>
        context.Response?.Model is { Length: > 0 } upstream ? upstream : context.ServedBy?.Model ?? context.Request.Model;

    internal async Task WriteErrorAsync(HttpContext http, IInboundProtocol protocol, PurserError error, PurserContext? context)
    {
        if (context is not null)
        {
            PurserHeaders.Apply(http.Response, context, streaming: false);
        }
        else
        {
            PurserHeaders.ApplyRefused(http.Response);
        }

        if (error.Kind == ErrorKind.Cancelled && http.RequestAborted.IsCancellationRequested)
        {
            return;
        }

        if (error.StatusCode >= 500)
        {
            LogServerSideError(logger, context?.RequestId ?? "-", error.Kind.ToName(), error.StatusCode);
        }

        http.Response.StatusCode = error.StatusCode;
        http.Response.ContentType = "application/json";
        if (error.RetryAfter is TimeSpan retryAfter)
        {
            http.Response.Headers.RetryAfter = Math.Ceiling(retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        }

        if (error.Headers is { } extra)
        {
            foreach (var (name, value) in extra)
            {
                http.Response.Headers[name] = HeaderValue.Encode(value);
            }
        }

        byte[] payload = protocol.WriteError(error);
        http.Response.ContentLength = payload.Length;
        await http.Response.Body.WriteAsync(payload, http.RequestAborted);
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Request {RequestId}: the client went away during the stream")]
    private static partial void LogClientGone(ILogger logger, string requestId);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Request {RequestId} failed: {ErrorKind} ({Status})")]
    private static partial void LogServerSideError(ILogger logger, string requestId, string errorKind, int status);
}
