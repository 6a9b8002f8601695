using Purser.Pipeline;

namespace Purser.Ledger;

/// <summary>
/// Refuses a call before anything is spent when the ledger could not record it (<see cref="LedgerWriter.AcceptsCalls"/>):
/// a 503 naming the problem, with Retry-After. Such a refusal has no row: it would have nowhere to go.
/// </summary>
internal sealed class LedgerAdmissionStage(LedgerWriter writer) : IRequestStage
{
    public int Order => StageOrder.LedgerAdmission;

    public ValueTask InvokeAsync(PurserContext context, CancellationToken cancellationToken)
    {
        if (!writer.AcceptsCalls)
        {
            context.Error = LedgerErrors.Unavailable(writer.Status);
            context.Unrecorded = true;
        }

        return ValueTask.CompletedTask;
    }
}
