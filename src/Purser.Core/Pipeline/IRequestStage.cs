namespace Purser.Pipeline;

/// <summary>
/// A step before dispatch (guard, route, cache lookup, budget reservation). A stage ends the call early by
/// setting <see cref="PurserContext.Error"/> or <see cref="PurserContext.Response"/>.
/// </summary>
internal interface IRequestStage
{
    /// <summary>Position in the pipeline; lower runs first. See <see cref="StageOrder"/>.</summary>
    int Order { get; }

    ValueTask InvokeAsync(PurserContext context, CancellationToken cancellationToken);
}
