using System.Net;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Purser.Chat;
using Purser.Dispatch;
using Purser.Errors;
using Purser.Streaming;
using Purser.Usage;
using MEAI = Microsoft.Extensions.AI;

namespace Purser.Extensions.AI.Mapping;

/// <summary>
/// The client <c>UsePurser</c> wraps, as the one provider of its pipeline: each attempt's request (after the guard,
/// compression and budget stages) goes to it as Microsoft.Extensions.AI messages, and its answer comes back canonical.
/// Its failures come back as values, as every provider's do.
/// </summary>
internal sealed class ChatClientProvider(string name, IChatClient inner, ChatOptionsSlot slot) : IChatProvider
{
    public string Name { get; } = name;

    public WireProtocol Protocol => WireProtocol.Simulated;

    public async ValueTask<ProviderResponse> CompleteAsync(ProviderRequest request, CancellationToken cancellationToken)
    {
        (List<MEAI.ChatMessage> messages, ChatOptions options) = RequestMapper.FromRequest(request.Request, request.Deployment.Model, slot.Current);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(request.Timeout);
        try
        {
            MEAI.ChatResponse response = await inner.GetResponseAsync(messages, options, timeout.Token);
            return new ProviderResponse { Response = ResponseMapper.FromResponse(response, request.Deployment.Model), Protocol = WireProtocol.Simulated };
        }
        catch (Exception ex) when (Failure(ex, cancellationToken, timeout.IsCancellationRequested) is { } error)
        {
            return ProviderResponse.Fail(error);
        }
    }

    public async ValueTask<ProviderStreamResponse> StreamAsync(ProviderRequest request, CancellationToken cancellationToken)
    {
        (List<MEAI.ChatMessage> messages, ChatOptions options) = RequestMapper.FromRequest(request.Request, request.Deployment.Model, slot.Current);

        // The attempt's time limit holds until the first update; then the stream runs as long as the caller lets it.
        var lifetime = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        lifetime.CancelAfter(request.Timeout);
        IAsyncEnumerator<ChatResponseUpdate> updates = inner.GetStreamingResponseAsync(messages, options, lifetime.Token).GetAsyncEnumerator(lifetime.Token);
        bool any;
        try
        {
            // The first update (or the failure to get one) decides whether the stream opened, as an HTTP status does.
            any = await updates.MoveNextAsync();
            lifetime.CancelAfter(Timeout.InfiniteTimeSpan);
        }
        catch (Exception ex) when (Failure(ex, cancellationToken, lifetime.IsCancellationRequested) is { } error)
        {
            await updates.DisposeAsync();
            lifetime.Dispose();
            return ProviderStreamResponse.Fail(error);
        }

        return new ProviderStreamResponse { Chunks = Chunks(updates, lifetime, any, request.Deployment.Model, cancellationToken) };
    }

    private static async IAsyncEnumerable<StreamChunk> Chunks(IAsyncEnumerator<ChatResponseUpdate> updates, CancellationTokenSource lifetime, bool any, string model, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var state = new StreamState();
        try
        {
            bool more = any;
            while (more)
            {
                List<StreamEvent> events = state.Events(updates.Current, model);
                if (events.Count > 0)
                {
                    yield return new StreamChunk(WireProtocol.Simulated, ReadOnlyMemory<byte>.Empty, events);
                }

                PurserError? failure = null;
                try
                {
                    more = await updates.MoveNextAsync();
                }
                catch (Exception ex) when (Failure(ex, cancellationToken, timedOut: false) is { } error)
                {
                    failure = error;
                    more = false;
                }

                if (failure is not null)
                {
                    yield return new StreamChunk(WireProtocol.Simulated, ReadOnlyMemory<byte>.Empty, [new ErrorEvent(failure)]);
                    yield break;
                }
            }

            yield return new StreamChunk(WireProtocol.Simulated, ReadOnlyMemory<byte>.Empty, state.End(model));
        }
        finally
        {
            await updates.DisposeAsync();
            lifetime.Dispose();
        }
    }

    /// <summary>What went wrong with the wrapped client, as the error a provider returns; null for the caller's own cancellation.</summary>
    private static PurserError? Failure(Exception ex, CancellationToken caller, bool timedOut)
    {
        if (caller.IsCancellationRequested && ex is OperationCanceledException)
        {
            return null;
        }

        if (timedOut && ex is OperationCanceledException or TimeoutException)
        {
            return new PurserError(ErrorKind.Timeout, 504, "The wrapped chat client did not answer in time.");
        }

        int? status = ex switch
        {
            HttpRequestException { StatusCode: HttpStatusCode code } => (int)code,
            _ => ex.GetType().GetProperty("Status")?.GetValue(ex) is int s && s >= 400 ? s : null,
        };
        return status switch
        {
            429 => new PurserError(ErrorKind.RateLimited, 429, ex.Message) { UpstreamStatus = 429 },
            int code => new PurserError(ErrorKind.UpstreamHttp, code >= 500 ? 502 : code, ex.Message) { UpstreamStatus = code },
            null when ex is HttpRequestException => new PurserError(ErrorKind.Connection, 502, ex.Message),
            _ => new PurserError(ErrorKind.UpstreamHttp, 502, $"The wrapped chat client failed: {ex.GetType().Name}: {ex.Message}"),
        };
    }

    /// <summary>Turns updates into canonical events: text and reasoning as they come, tool calls numbered, usage summed.</summary>
    private sealed class StreamState
    {
        private bool _started;
        private int _tools;
        private TokenUsage? _usage;
        private MEAI.ChatFinishReason? _finish;

        public List<StreamEvent> Events(ChatResponseUpdate update, string model)
        {
            var events = new List<StreamEvent>();
            if (!_started)
            {
                _started = true;
                events.Add(new StreamStartEvent(update.ResponseId ?? "", update.ModelId ?? model));
            }

            foreach (AIContent content in update.Contents)
            {
                switch (content)
                {
                    case TextContent text when text.Text.Length > 0:
                        events.Add(new TextDeltaEvent(text.Text));
                        break;
                    case TextReasoningContent reasoning:
                        events.Add(new ThinkingDeltaEvent(reasoning.Text, reasoning.ProtectedData));
                        break;
                    case FunctionCallContent call:
                        events.Add(new ToolCallStartEvent(_tools, call.CallId, call.Name));
                        events.Add(new ToolCallDeltaEvent(_tools, ResponseMapper.SerializeArguments(call.Arguments)));
                        _tools++;
                        break;
                    case UsageContent usage when ResponseMapper.FromUsage(usage.Details) is TokenUsage reported:
                        _usage = _usage is TokenUsage sum ? sum + reported : reported;
                        events.Add(new UsageEvent(_usage.Value));
                        break;
                }
            }

            _finish = update.FinishReason ?? _finish;
            return events;
        }

        public List<StreamEvent> End(string model)
        {
            List<StreamEvent> events = _started ? [] : [new StreamStartEvent("", model)];
            events.Add(new FinishEvent(ResponseMapper.FromFinishReason(_finish, _tools > 0)));
            return events;
        }
    }
}
