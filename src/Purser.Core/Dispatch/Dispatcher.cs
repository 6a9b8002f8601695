using Microsoft.Extensions.Logging;
using Purser.Configuration;
using Purser.Errors;
using Purser.Pipeline;
using Purser.Routing;
using Purser.Streaming;

namespace Purser.Dispatch;

/// <summary>
/// Tries the route's deployments in order until one answers. A streamed answer is committed to the deployment
/// whose first event arrived; after that, failures reach the client as a clean error event.
/// Requests the upstream rejected as malformed (400, 413, 422) are not sent elsewhere: they would fail there too.
/// </summary>
public sealed partial class Dispatcher(IProviderRegistry providers, PurserOptions options, TimeProvider time, ILogger<Dispatcher> logger) : IDispatcher
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public async ValueTask DispatchAsync(PurserContext context, PurserPipeline pipeline, CancellationToken cancellationToken)
    {
        RouteDecision route = context.Route ?? throw new InvalidOperationException("Dispatch needs a route.");
        PurserError? last = null;
        foreach (Deployment deployment in route.Deployments)
        {
            if (!providers.TryGet(deployment.Provider, out IChatProvider? provider))
            {
                last = PurserError.NoProvider($"Provider '{deployment.Provider}' is not configured.", "provider_not_configured");
                continue;
            }

            var attempt = new AttemptRecord(deployment, context.Attempts.Count + 1) { StartedAt = time.GetUtcNow() };
            context.Attempts.Add(attempt);
            long started = time.GetTimestamp();
            var request = new ProviderRequest(context.Request, deployment, TimeoutFor(deployment)) { RequestId = context.RequestId };

            PurserError? error = context.Request.Stream
                ? await TryStreamAsync(context, pipeline, provider, request, attempt, started, cancellationToken)
                : await TryCompleteAsync(context, provider, request, attempt, cancellationToken);
            attempt.Elapsed = time.GetElapsedTime(started);
            if (error is null)
            {
                return;
            }

            attempt.Error = error;
            last = error;
            LogAttemptFailed(logger, context.RequestId, deployment.Id, error.Kind.ToName(), error.UpstreamStatus ?? 0);
            if (!ShouldFallBack(error) || cancellationToken.IsCancellationRequested)
            {
                break;
            }
        }

        context.Error = last ?? PurserError.NoProvider("No deployment could serve the request.");
    }

    private static async ValueTask<PurserError?> TryCompleteAsync(PurserContext context, IChatProvider provider, ProviderRequest request, AttemptRecord attempt, CancellationToken cancellationToken)
    {
        ProviderResponse response = await provider.CompleteAsync(request, cancellationToken);
        if (response.Error is not null)
        {
            attempt.Usage = response.BilledOnError;
            return response.Error;
        }

        context.Response = response.Response;
        context.ResponseRaw = response.RawBody;
        context.ResponseProtocol = response.Protocol;
        context.ServedBy = request.Deployment;
        context.Usage = response.Response!.Usage;
        attempt.Usage = context.Usage;
        return null;
    }

    private async ValueTask<PurserError?> TryStreamAsync(PurserContext context, PurserPipeline pipeline, IChatProvider provider, ProviderRequest request, AttemptRecord attempt, long started, CancellationToken cancellationToken)
    {
        ProviderStreamResponse opened = await provider.StreamAsync(request, cancellationToken);
        if (opened.Error is not null)
        {
            return opened.Error;
        }

        IAsyncEnumerator<StreamChunk> enumerator = opened.Chunks!.GetAsyncEnumerator(cancellationToken);
        bool handedOver = false;
        try
        {
            if (!await enumerator.MoveNextAsync())
            {
                return new PurserError(ErrorKind.InvalidResponse, 502, $"Upstream {request.Deployment.Provider} closed the stream without sending anything.");
            }

            StreamChunk first = enumerator.Current;
            foreach (StreamEvent e in first.Events)
            {
                if (e is ErrorEvent error)
                {
                    return error.Error;
                }
            }

            context.TimeToFirstToken = time.GetElapsedTime(context.StartTimestamp);
            context.ServedBy = request.Deployment;
            context.ResponseProtocol = first.Protocol;
            context.Stream = new PurserStream(context, pipeline, first, enumerator);
            attempt.Elapsed = time.GetElapsedTime(started);
            handedOver = true;
            return null;
        }
        finally
        {
            if (!handedOver)
            {
                await enumerator.DisposeAsync();
            }
        }
    }

    private TimeSpan TimeoutFor(Deployment deployment) =>
        options.Providers.TryGetValue(deployment.Provider, out ProviderOptions? p) && p.TimeoutSeconds is int seconds
            ? TimeSpan.FromSeconds(seconds)
            : DefaultTimeout;

    private static bool ShouldFallBack(PurserError error) =>
        error.Kind is not (ErrorKind.BadRequest or ErrorKind.Cancelled)
        && error.UpstreamStatus is not (400 or 413 or 422);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Request {RequestId}: attempt on {Deployment} failed ({ErrorKind}, upstream status {Status})")]
    private static partial void LogAttemptFailed(ILogger logger, string requestId, string deployment, string errorKind, int status);
}
