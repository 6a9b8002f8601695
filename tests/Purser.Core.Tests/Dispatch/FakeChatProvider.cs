using Purser.Chat;
using Purser.Dispatch;
using Purser.Errors;
using Purser.Streaming;
using Purser.Usage;

namespace Purser.Core.Tests.Dispatch;

/// <summary>
/// A provider whose answers a test scripts per call (1-based call number), recording when each call came on the
/// test's clock. Answers complete synchronously unless a script waits.
/// </summary>
internal sealed class FakeChatProvider(string name, TimeProvider time, WireProtocol protocol = WireProtocol.OpenAIChat) : IChatProvider
{
    private readonly Lock _lock = new();
    private readonly List<(DateTimeOffset At, ProviderRequest Request)> _calls = [];

    public string Name { get; } = name;

    public WireProtocol Protocol { get; } = protocol;

    /// <summary>Non-streamed answers by call number; default: "ok from {name}" with 10 in / 5 out tokens.</summary>
    public Func<int, ProviderRequest, CancellationToken, ValueTask<ProviderResponse>> OnComplete { get; set; } = (_, _, _) => Ok("ok from " + name);

    /// <summary>Streamed answers by call number; default: three text chunks, a finish and usage.</summary>
    public Func<int, ProviderRequest, CancellationToken, ValueTask<ProviderStreamResponse>> OnStream { get; set; } = (_, _, _) => Stream(Chunks("ok", " from ", name));

    public int Calls
    {
        get
        {
            lock (_lock)
            {
                return _calls.Count;
            }
        }
    }

    public IReadOnlyList<DateTimeOffset> CallTimes
    {
        get
        {
            lock (_lock)
            {
                return [.. _calls.Select(c => c.At)];
            }
        }
    }

    public ProviderRequest LastRequest
    {
        get
        {
            lock (_lock)
            {
                return _calls[^1].Request;
            }
        }
    }

    public ValueTask<ProviderResponse> CompleteAsync(ProviderRequest request, CancellationToken cancellationToken) =>
        OnComplete(Record(request), request, cancellationToken);

    public ValueTask<ProviderStreamResponse> StreamAsync(ProviderRequest request, CancellationToken cancellationToken) =>
        OnStream(Record(request), request, cancellationToken);

    private int Record(ProviderRequest request)
    {
        lock (_lock)
        {
            _calls.Add((time.GetUtcNow(), request));
            return _calls.Count;
        }
    }

    public static ValueTask<ProviderResponse> Ok(string text, long input = 10, long output = 5)
    {
        var response = new ChatResponse { Id = "resp", Model = "m", Usage = new TokenUsage(input, output) };
        response.Content.Add(new TextPart(text));
        return ValueTask.FromResult(new ProviderResponse { Response = response, Protocol = WireProtocol.OpenAIChat });
    }

    public static ValueTask<ProviderResponse> Fail(PurserError error, TokenUsage billed = default) =>
        ValueTask.FromResult(new ProviderResponse { Error = error, BilledOnError = billed });

    /// <summary>Never answers: waits until the attempt is cancelled (its timeout, the deadline or the client).</summary>
    public static async ValueTask<ProviderResponse> Hang(CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.Infinite, cancellationToken);
        throw new InvalidOperationException("unreachable");
    }

    public static ValueTask<ProviderStreamResponse> Stream(IAsyncEnumerable<StreamChunk> chunks) =>
        ValueTask.FromResult(new ProviderStreamResponse { Chunks = chunks });

    public static ValueTask<ProviderStreamResponse> StreamFail(PurserError error) => ValueTask.FromResult(ProviderStreamResponse.Fail(error));

    public static async IAsyncEnumerable<StreamChunk> Chunks(params string[] texts)
    {
        foreach (string text in texts)
        {
            yield return Chunk(new TextDeltaEvent(text));
        }

        yield return Chunk(new FinishEvent(FinishReason.Stop), new UsageEvent(new TokenUsage(10, texts.Length)));
        await Task.CompletedTask;
    }

    /// <summary>Sends <paramref name="texts"/>, then fails with <paramref name="error"/> (a stream cut midway).</summary>
    public static async IAsyncEnumerable<StreamChunk> ChunksThenError(PurserError error, params string[] texts)
    {
        foreach (string text in texts)
        {
            yield return Chunk(new TextDeltaEvent(text));
        }

        yield return new StreamChunk(WireProtocol.OpenAIChat, ReadOnlyMemory<byte>.Empty, [new ErrorEvent(error)]) { Suppress = true };
        await Task.CompletedTask;
    }

    /// <summary>A stream whose first event never comes (until the attempt is cancelled).</summary>
    public static async IAsyncEnumerable<StreamChunk> SilentChunks([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Delay(Timeout.Infinite, cancellationToken);
        yield break;
    }

    public static StreamChunk Chunk(params StreamEvent[] events) => new(WireProtocol.OpenAIChat, ReadOnlyMemory<byte>.Empty, events);
}
