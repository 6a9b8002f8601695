using Microsoft.Extensions.Logging;
using Purser.Pipeline;
using Purser.Pricing;

namespace Purser.Budgets;

/// <summary>
/// After pricing: replaces the call's reservation with what it really cost — nothing for a failure that billed
/// nothing, which releases the budget. An unknown cost is charged at the reserved worst case (and said so).
/// Token budgets count prompt + output tokens of every attempt, as the ledger does; a cache hit costs no tokens.
/// Each attempt's reported prompt tokens calibrate later reservations (<see cref="ReservationEstimator.Observe"/>).
/// </summary>
/// <remarks>
/// With budgets shared by several instances, the call's settlement of the shared counters is put on the call
/// (<see cref="BudgetCall.Settlement"/>): the ledger row carries it and its transaction applies it.
/// </remarks>
internal sealed class BudgetReconcileStage(BudgetTracker tracker, ReservationEstimator estimator, ILogger<BudgetReconcileStage> logger, SharedBudgets? shared = null) : ICompletionStage
{
    public int Order => StageOrder.BudgetReconcile;

    public async ValueTask CompleteAsync(PurserContext context, CancellationToken cancellationToken)
    {
        if (BudgetCall.Of(context) is not { } call)
        {
            return;
        }

        long? pico = context.CostUsd is decimal cost ? Money.RoundToPico(cost) : null;
        long tokens = context.UpstreamTokens;

        // Whether any attempt billed usage: an unknown cost is then charged at the worst case, else nothing was spent.
        bool billed = context.Attempts.Exists(a => !a.Usage.IsEmpty);
        long? charge = pico ?? (billed ? null : 0);
        if (shared is not null)
        {
            call.Settlement = await shared.SettlementAsync(call.Reservation, call.Scope, context.StartedAt, charge, tokens, CancellationToken.None);
        }

        if (call.Reservation is { } reservation)
        {
            if (pico is null && billed)
            {
                context.Warnings.Add("The call's cost is unknown: its budgets were charged the reserved worst case.");
                BudgetLog.UnknownCostCharged(logger, context.RequestId, string.Join(", ", call.Scope.Select(e => e.Definition.Name)));
            }

            tracker.Settle(reservation, charge, tokens);
            Calibrate(call, context);
            if (call.Probe is { } probed)
            {
                estimator.Probes.End(probed, reservation);
            }
        }
        else
        {
            tracker.Charge(call.Scope, charge, tokens, context.StartedAt, call.CallScope);
        }

        if (pico is null && billed && call.Scope.Any(e => !e.Definition.IsHard && e.Definition.Unit == BudgetUnit.Usd))
        {
            context.Warnings.Add("The call's cost is unknown: soft dollar budgets count it as an unpriced call (budget status shows how many), not as $0.");
        }

        BudgetHeaders.SetRemaining(context, tracker.RemainingUsd(call.Scope, context.StartedAt));
    }

    /// <summary>Teaches the estimator what each deployment billed beyond the call's worst case (provider-reported usage only).</summary>
    private void Calibrate(BudgetCall call, PurserContext context)
    {
        foreach (AttemptRecord attempt in context.Attempts)
        {
            if (attempt.Usage is { IsEstimated: false, IsEmpty: false } usage && call.Reserved.TryGetValue(attempt.Deployment.Id, out ReservedUsage reserved))
            {
                estimator.Observe(attempt.Deployment, reserved, usage.InputTokens, usage.OutputTokens);
            }
        }
    }
}
