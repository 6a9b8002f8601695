using Purser.Errors;
using Purser.Streaming;

namespace Purser.Pipeline;

/// <summary>
/// The live answer of a streaming call. Enumerate it once: each upstream chunk is yielded as it arrives;
/// when the upstream ends (or the consumer stops early) the completion stages run — usage, price, budget,
/// ledger — before the enumeration finishes, so the writer can send the protocol's terminal event last.
/// </summary>
internal sealed class PurserStream : IAsyncEnumerable<StreamChunk>
{
    private readonly PurserContext _context;
    private readonly PurserPipeline _pipeline;
    private readonly StreamChunk _first;
    private readonly IAsyncEnumerator<StreamChunk> _rest;
    private int _enumerated;

    internal PurserStream(PurserContext context, PurserPipeline pipeline, StreamChunk first, IAsyncEnumerator<StreamChunk> rest)
    {
        _context = context;
        _pipeline = pipeline;
        _first = first;
        _rest = rest;
    }

    /// <summary>What has arrived so far, reassembled.</summary>
    public StreamAccumulator Accumulator { get; } = new();

    /// <summary>Whether the upstream reached its natural end.</summary>
    public bool Finished { get; private set; }

    public async IAsyncEnumerator<StreamChunk> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _enumerated, 1) != 0)
        {
            throw new InvalidOperationException("A Purser stream can be enumerated only once.");
        }

        try
        {
            Feed(_first);
            yield return _first;
            while (await MoveNextAsync(cancellationToken))
            {
                StreamChunk chunk = _rest.Current;
                Feed(chunk);
                yield return chunk;
                if (Accumulator.Error is not null)
                {
                    break;
                }
            }

            Finished = Accumulator.Error is null;
        }
        finally
        {
            await _rest.DisposeAsync();
            Finish(cancellationToken.IsCancellationRequested);
            await _pipeline.CompleteAsync(_context, CancellationToken.None);
        }
    }

    /// <summary>
    /// Ends a stream nobody read (the answer could not be started): the upstream is cancelled, and the call is still
    /// completed — recorded in the ledger and its budget reservation reconciled — as a failure. Does nothing once the
    /// stream was enumerated (its enumeration completes it).
    /// </summary>
    public async ValueTask CloseUnreadAsync()
    {
        if (Interlocked.Exchange(ref _enumerated, 1) != 0)
        {
            return;
        }

        Feed(_first);
        try
        {
            await _rest.DisposeAsync();
        }
        finally
        {
            _context.Error ??= new PurserError(ErrorKind.Internal, 500, "The answer could not be sent to the client.");
            Finish(cancelled: false);
            await _pipeline.CompleteAsync(_context, CancellationToken.None);
        }
    }

    private async ValueTask<bool> MoveNextAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return await _rest.MoveNextAsync();
    }

    private void Feed(StreamChunk chunk)
    {
        foreach (StreamEvent e in chunk.Events)
        {
            Accumulator.Add(e);
        }
    }

    private void Finish(bool cancelled)
    {
        if (Accumulator.Error is { } error)
        {
            _context.Error ??= error;
        }
        else if (!Finished)
        {
            _context.Error ??= cancelled
                ? new PurserError(ErrorKind.Cancelled, 499, "The client closed the stream before it ended.")
                : new PurserError(ErrorKind.InvalidResponse, 502, "The stream ended before the answer was complete.");
        }

        // Usage: what the upstream reported; the usage stage counts locally when it reported none. A stream that ended
        // before its output was reported (Anthropic's message_start placeholder) has what arrived counted: estimated.
        _context.Usage = Accumulator.Usage ?? default;
        _context.Response = Accumulator.ToResponse(_context.Usage);
        if (Accumulator.UsageOutputIsPlaceholder && _context.ServedBy is { } served)
        {
            long streamed = Usage.UsageStage.CountOutput(_context.Response, served.Model);
            _context.Usage = _context.Usage with { OutputTokens = Math.Max(_context.Usage.OutputTokens, streamed), IsEstimated = true };
            _context.Response.Usage = _context.Usage;
            _context.Warnings.Add("The stream ended before the upstream reported its output tokens; what was streamed was counted locally (estimated).");
        }

        if (_context.Attempts.Count > 0)
        {
            _context.Attempts[^1].Usage = _context.Usage;
            if (_context.Error is not null && !Finished)
            {
                _context.Attempts[^1].Error ??= _context.Error;
            }
        }
    }
}
