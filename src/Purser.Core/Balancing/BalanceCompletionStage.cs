using Purser.Pipeline;

namespace Purser.Balancing;

/// <summary>After the call: corrects the deployments' quotas to what the attempts used, and remembers which deployment served the conversation (sticky routing).</summary>
internal sealed class BalanceCompletionStage(DeploymentQuotas quotas, StickyRoutes sticky) : ICompletionStage
{
    public int Order => StageOrder.BalanceRecord;

    public ValueTask CompleteAsync(PurserContext context, CancellationToken cancellationToken)
    {
        if (BalanceCall.Of(context) is not { } call)
        {
            return ValueTask.CompletedTask;
        }

        quotas.Settle(call, context);
        if (call.StickyKey is { } key && context.Error is null && context.ServedBy is { } served)
        {
            sticky.Remember(key, served.Id);
        }

        return ValueTask.CompletedTask;
    }
}
