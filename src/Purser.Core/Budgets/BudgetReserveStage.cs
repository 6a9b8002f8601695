using Microsoft.Extensions.Logging;
using Purser.Errors;
using Purser.Pipeline;
using Purser.Pricing;
using Purser.Routing;

namespace Purser.Budgets;

/// <summary>
/// Reserves a call's worst-case cost against every budget in its scope, atomically, just before dispatch; refuses it
/// (429, budget_exceeded) when a hard budget has no room. Under a hard budget a call is always bounded: when neither
/// the request nor the catalog caps its output, max tokens is set to Purser:Budgets:DefaultMaxOutputTokens; under a
/// hard dollar budget, deployments without a price are dropped from the route (they could not be reserved for).
/// </summary>
/// <remarks>
/// With budgets shared by several instances (<see cref="SharedBudgets"/>, PostgreSQL), the reservation is made in the
/// database atomically (group-committed with the instance's other reservations) whenever a hard budget applies, and a
/// call under a hard budget fails closed (503) while the database cannot be reached.
/// </remarks>
internal sealed class BudgetReserveStage(BudgetTracker tracker, ReservationEstimator estimator, BudgetOptions options, TimeProvider time, ILogger<BudgetReserveStage> logger, SharedBudgets? shared = null) : IRequestStage
{
    public int Order => StageOrder.Budget;

    /// <summary>How long a call waits for a deployment's calibration probe (the first call on it) before it reserves anyway.</summary>
    internal static readonly TimeSpan ProbeWait = TimeSpan.FromSeconds(10);

    public async ValueTask InvokeAsync(PurserContext context, CancellationToken cancellationToken)
    {
        if (!await ReserveAsync(context, cancellationToken) || BudgetCall.Of(context) is not { Reservation: { } reservation } call || context.Route?.Deployments is not [Deployment first, ..])
        {
            return;
        }

        // Under a hard budget the first call on a deployment probes what it really bills; calls that arrive meanwhile
        // give their reservation back, wait for the probe's bill, and reserve again with what it taught.
        if (!call.AnyHard || estimator.Probes.TryEnter(first.Id, reservation, time.GetUtcNow(), out Task? probe))
        {
            call.Probe = call.AnyHard ? first.Id : null;
            return;
        }

        if (probe is null)
        {
            return;
        }

        tracker.Settle(reservation, 0, 0);
        if (shared is not null)
        {
            await shared.ReleaseAsync(reservation, cancellationToken);
        }

        call.Reservation = null;
        call.Reserved.Clear();
        try
        {
            await probe.WaitAsync(ProbeWait, time, cancellationToken);
        }
        catch (TimeoutException)
        {
            BudgetLog.ProbeWaitTimedOut(logger, context.RequestId, first.Id);
        }

        await ReserveAsync(context, cancellationToken);
    }

    /// <summary>Reserves the call's worst case, or refuses it; false when the call is not held to a budget or ended.</summary>
    private async ValueTask<bool> ReserveAsync(PurserContext context, CancellationToken cancellationToken)
    {
        if (BudgetCall.Of(context) is not { } call || context.Route is not { } route)
        {
            return false;
        }

        IReadOnlyList<Deployment> deployments = route.Deployments;
        if (call.AnyHardUsd)
        {
            List<Deployment> priced = [.. deployments.Where(d => estimator.PriceOf(d) is not null)];
            if (priced.Count == 0)
            {
                context.Error = PurserError.BadRequest(
                    $"Model '{context.Request.Model}' has no price ({string.Join(", ", deployments)}), so a hard dollar budget cannot reserve for it. " +
                    $"Add it under Purser:Pricing (0 for a free local model), or make the budget soft.",
                    "model",
                    "model_not_priced");
                return false;
            }

            if (priced.Count < deployments.Count)
            {
                deployments = priced;
                route.Narrow(priced, "models without a price dropped (hard dollar budget)");
            }
        }

        if (call.AnyHard && context.Request.MaxTokens is null && deployments.Any(d => estimator.SentMaxOutput(context.Request, d) is null && estimator.PriceOf(d)?.MaxOutputTokens is null))
        {
            context.Request.MaxTokens = options.DefaultMaxOutputTokens;
        }

        WorstCase worst = estimator.Estimate(context, deployments, options.DefaultMaxOutputTokens, call.Reserved);
        long pico = worst.Usd is decimal usd ? Money.CeilingToPico(usd) : 0;
        BudgetReservation? reservation = tracker.TryReserve(call.Scope, pico, worst.Tokens, context.StartedAt, out BudgetRefusal? refusal, call.CallScope);
        if (reservation is not null && shared is not null)
        {
            try
            {
                refusal = await shared.ReserveAsync(reservation, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Fail closed: without the shared counters nobody can tell what the other instances hold.
                tracker.Settle(reservation, 0, 0);
                context.Error = SharedBudgets.Unavailable(ex is StorageUnavailableException ? ex.Message : "the budget database failed (" + ex.GetType().Name + ")");
                BudgetLog.SharedReserveFailed(logger, ex, context.RequestId);
                return false;
            }
            catch (OperationCanceledException)
            {
                // The caller went away while the shared counters were asked: the local reservation is given back now, not
                // at its lease's expiry. A hold the database may have committed meanwhile expires there with its lease.
                tracker.Settle(reservation, 0, 0);
                throw;
            }

            if (refusal is not null)
            {
                tracker.Settle(reservation, 0, 0);
                reservation = null;
            }
        }

        if (refusal is not null)
        {
            string message = BudgetText.Refusal(refusal, tracker.Zone);
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { [BudgetHeaders.Budget] = refusal.Budget };
            if (refusal.ResetsAt is DateTimeOffset reset)
            {
                headers[BudgetHeaders.ResetsAt] = reset.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
            }

            context.Error = new PurserError(ErrorKind.BudgetExceeded, 429, message) { Code = "budget_exceeded", Headers = headers };
            BudgetHeaders.SetRemaining(context, tracker.RemainingUsd(call.Scope, context.StartedAt));
            BudgetLog.Refused(logger, context.RequestId, refusal.Budget, message);
            return false;
        }

        call.Reservation = reservation;
        BudgetHeaders.SetRemaining(context, tracker.RemainingUsd(call.Scope, context.StartedAt));
        return true;
    }
}
