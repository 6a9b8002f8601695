namespace Purser.Pipeline;

/// <summary>
/// A step after the answer is complete (usage, price, budget reconcile, ledger, cache store). Runs once for
/// every call, also for failures and refusals, so nothing goes unrecorded.
/// </summary>
internal interface ICompletionStage
{
    int Order { get; }

    ValueTask CompleteAsync(PurserContext context, CancellationToken cancellationToken);
}
