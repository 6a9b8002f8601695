namespace Purser.Pipeline;

/// <summary>
/// Sends the call to the route's deployments (retries, fallback) and sets <see cref="PurserContext.Response"/>,
/// <see cref="PurserContext.Stream"/> or <see cref="PurserContext.Error"/>.
/// </summary>
internal interface IDispatcher
{
    ValueTask DispatchAsync(PurserContext context, PurserPipeline pipeline, CancellationToken cancellationToken);
}
