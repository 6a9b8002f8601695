using Purser.Chat;

namespace Purser.Pipeline;

/// <summary>
/// The one request pipeline: request stages in order, dispatch, then completion stages — for the gateway,
/// the CLI and the in-process chat client alike.
/// </summary>
internal sealed class PurserPipeline
{
    private readonly IRequestStage[] _requestStages;
    private readonly ICompletionStage[] _completionStages;
    private readonly IDispatcher _dispatcher;
    private readonly TimeProvider _time;
    private readonly Telemetry.PurserTelemetry? _telemetry;

    public PurserPipeline(IEnumerable<IRequestStage> requestStages, IDispatcher dispatcher, IEnumerable<ICompletionStage> completionStages, TimeProvider time, Telemetry.PurserTelemetry? telemetry = null)
    {
        _requestStages = [.. requestStages.OrderBy(s => s.Order)];
        _completionStages = [.. completionStages.OrderBy(s => s.Order)];
        _dispatcher = dispatcher;
        _time = time;
        _telemetry = telemetry;
    }

    public TimeProvider Time => _time;

    /// <summary>Starts a context for a request, stamped with the pipeline's clock.</summary>
    public PurserContext CreateContext(ChatRequest request, string? requestId = null) =>
        new(request, requestId ?? NewRequestId(), _time.GetUtcNow(), _time.GetTimestamp());

    /// <summary>
    /// Runs the call. When it returns, either <see cref="PurserContext.Stream"/> is set (the completion stages run
    /// when the stream ends), or the call is complete and recorded.
    /// </summary>
    public async ValueTask ExecuteAsync(PurserContext context, CancellationToken cancellationToken)
    {
        // The call's span is current for the rest of this method (stages, dispatch, the attempts' spans under it).
        context.Activity ??= Telemetry.PurserTelemetry.StartCall(context);
        try
        {
            foreach (IRequestStage stage in _requestStages)
            {
                await stage.InvokeAsync(context, cancellationToken);
                if (context.Error is not null || context.Response is not null)
                {
                    break;
                }
            }

            if (context.Error is null && context.Response is null)
            {
                await _dispatcher.DispatchAsync(context, this, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            context.Error ??= new Errors.PurserError(Errors.ErrorKind.Cancelled, 499, "The client closed the request.");
        }
        catch (Exception) when (context.Stream is null)
        {
            // A fault in a stage: the call is still recorded and whatever it reserved reconciled, then the fault goes on.
            context.Error ??= Errors.PurserError.Internal("Purser failed to handle this request (an internal error).");
            await CompleteAsync(context, CancellationToken.None);
            throw;
        }

        if (context.Stream is null)
        {
            await CompleteAsync(context, CancellationToken.None);
        }
    }

    /// <summary>Runs the completion stages once (idempotent). Never throws for a stage's failure: the call's outcome stands.</summary>
    public async ValueTask CompleteAsync(PurserContext context, CancellationToken cancellationToken)
    {
        if (context.IsCompleted)
        {
            return;
        }

        context.IsCompleted = true;
        context.Latency ??= _time.GetElapsedTime(context.StartTimestamp);
        foreach (ICompletionStage stage in _completionStages)
        {
            await stage.CompleteAsync(context, cancellationToken);
        }

        if (_telemetry is not null)
        {
            _telemetry.Complete(context, context.Activity);
        }
        else
        {
            context.Activity?.Dispose();
        }
    }

    /// <summary>A fresh request id (<c>req_</c> and 24 hex digits); also used for requests refused before the pipeline runs.</summary>
    internal static string NewRequestId()
    {
        Span<byte> bytes = stackalloc byte[12];
        Random.Shared.NextBytes(bytes);
        return "req_" + Convert.ToHexStringLower(bytes);
    }

}
