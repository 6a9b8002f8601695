using Purser.Pipeline;
using Purser.Routing;

namespace Purser.Budgets;

/// <summary>
/// Finds the budgets of a call and, as hard budgets run out, narrows its route: cheap models only, then emergency mode
/// (the cheapest model, max tokens capped). The tier shows in x-purser-route (e.g. "model&gt;tier:cheap") and in the
/// ledger. A budget with nothing left does not refuse here: the reservation stage does, after the cache had its chance.
/// What the caller asked is kept (<see cref="PurserContext.AsAsked"/>): the cache serves an answer already paid for first.
/// </summary>
internal sealed class BudgetTierStage(BudgetManager manager, BudgetTracker tracker, TierRouting routing, BudgetOptions options) : IRequestStage
{
    public int Order => StageOrder.BudgetTier;

    public ValueTask InvokeAsync(PurserContext context, CancellationToken cancellationToken)
    {
        manager.EnsureLoaded();
        if (!tracker.HasBudgets)
        {
            return ValueTask.CompletedTask;
        }

        // The cascade's budget shares become budgets derived from each hard global budget (per project, per agent).
        BudgetShares shares = context.Items.TryGetValue(EffectiveCascade.ItemKey, out object? item) && item is EffectiveCascade cascade
            ? new BudgetShares(cascade.ProjectShare, cascade.AgentShare)
            : default;
        List<BudgetScopeEntry> scope = tracker.Resolve(context.Attribution, shares);
        if (scope.Count == 0)
        {
            return ValueTask.CompletedTask;
        }

        var call = new BudgetCall(scope, new BudgetCallScope(context.Attribution, shares, context.StartedAt));
        context.Items[BudgetCall.Key] = call;
        if (!call.AnyHard || context.Route is not { } route)
        {
            return ValueTask.CompletedTask;
        }

        TierDecision decision = tracker.EvaluateTier(scope, context.StartedAt);
        string tier = decision.Tier.ToString().ToLowerInvariant();
        context.BudgetTier = tier;
        if (decision.Tier == BudgetTier.Any)
        {
            return ValueTask.CompletedTask;
        }

        string why = $"budget '{decision.Budget}' has {BudgetAmounts.Format(Math.Max(0, decision.Available), decision.Unit)} left";
        IReadOnlyList<Deployment> deployments = route.Deployments;
        context.AsAsked ??= new RequestAsAsked(deployments, context.Request.MaxTokens);
        string note;
        switch (decision.Tier)
        {
            case BudgetTier.Cheap:
                IReadOnlyList<Deployment>? cheap = routing.Cheap(deployments, context.AllowedModels);
                deployments = cheap ?? deployments;
                note = cheap is null ? "cheap models only (the route already is)" : $"cheap models only → {string.Join(" → ", deployments)}";
                break;
            case BudgetTier.Emergency:
                int cap = options.Tiers.EmergencyMaxTokens;
                Deployment? cheapest = routing.Cheapest(context.Request, deployments, context.AllowedModels, cap);
                deployments = cheapest is null ? deployments : [cheapest];
                context.Request.MaxTokens = Math.Min(context.Request.MaxTokens ?? cap, cap);
                note = $"emergency mode → {string.Join(" → ", deployments)}, max tokens {context.Request.MaxTokens}";
                break;
            default:
                note = "nothing left";
                break;
        }

        route.Replace(deployments, "tier:" + tier, $"{why}: {note}");
        return ValueTask.CompletedTask;
    }
}
