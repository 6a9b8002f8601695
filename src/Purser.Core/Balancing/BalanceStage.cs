using System.Globalization;
using Purser.Budgets;
using Purser.Configuration;
using Purser.Pipeline;
using Purser.RateLimits;
using Purser.Resilience;
using Purser.Routing;

namespace Purser.Balancing;

/// <summary>
/// Spreads an alias's calls over its targets by the alias's strategy (<see cref="BalanceStrategy"/>): orders the
/// route's deployments so that the chosen one is first and the others follow as fallbacks in the strategy's order;
/// deployments whose circuit is open, that asked callers to wait (Retry-After) or whose quota is full go last (the
/// dispatcher skips them by the usual rules). A conversation that was served before goes back to the same deployment
/// while it is healthy (sticky routing, for provider-side prompt caches). Runs after the cache lookup, so the cache
/// key does not depend on the pick; the step and the reason are recorded in the route (x-purser-route, route_reason).
/// </summary>
internal sealed class BalanceStage(
    ModelResolver resolver,
    DeploymentHealthRegistry health,
    DeploymentQuotas quotas,
    StickyRoutes sticky,
    WeightedRotation rotation,
    ReservationEstimator estimator,
    BudgetOptions budgets,
    TimeProvider time) : IRequestStage
{
    public int Order => StageOrder.Balance;

    public ValueTask InvokeAsync(PurserContext context, CancellationToken cancellationToken)
    {
        if (context.Route is not { Alias: { } aliasName } route || !resolver.Aliases.TryGetValue(aliasName, out ModelAliasOptions? alias)
            || !BalanceStrategies.TryParse(alias.Strategy, out BalanceStrategy strategy))
        {
            return ValueTask.CompletedTask;
        }

        IReadOnlyList<Deployment> deployments = route.Deployments;
        Dictionary<string, RateLimit>? quotaMap = Quotas(alias, deployments);
        bool isSticky = alias.Sticky && strategy != BalanceStrategy.Ordered && deployments.Count > 1;
        if (quotaMap is null && !isSticky && strategy == BalanceStrategy.Ordered)
        {
            return ValueTask.CompletedTask;
        }

        var call = new BalanceCall
        {
            Quotas = quotaMap ?? (IReadOnlyDictionary<string, RateLimit>)new Dictionary<string, RateLimit>(),
            WorstTokens = quotaMap is not null && quotaMap.Values.Any(q => q.Tpm is not null)
                ? estimator.Estimate(context, deployments, budgets.DefaultMaxOutputTokens).Tokens
                : 0,
            StickyKey = isSticky ? StickyRoutes.KeyOf(context, aliasName) : null,
        };
        call.Attach(context);
        if (deployments.Count < 2)
        {
            return ValueTask.CompletedTask;
        }

        DateTimeOffset now = time.GetUtcNow();
        var ready = new List<Deployment>(deployments.Count);
        var unready = new List<Deployment>();
        var notes = new List<string>();
        foreach (Deployment deployment in deployments)
        {
            string? why = Unready(deployment, call, now);
            if (why is null)
            {
                ready.Add(deployment);
            }
            else
            {
                unready.Add(deployment);
                notes.Add($"{deployment} last ({why})");
            }
        }

        string step;
        string reason;
        if (call.StickyKey is { } key && sticky.Find(key) is { } served && ready.FindIndex(d => d.Id == served) is int at and >= 0)
        {
            Deployment first = ready[at];
            ready.RemoveAt(at);
            ready = [first, .. Sort(strategy, alias, ready)];
            step = "balance:sticky=" + first.Id;
            reason = $"sticky: {first} served this conversation before";
        }
        else if (ready.Count == 0)
        {
            step = "balance:" + BalanceStrategies.Name(strategy);
            reason = BalanceStrategies.Name(strategy) + ": no deployment is ready; the dispatcher's rules decide";
        }
        else
        {
            (ready, reason) = Choose(strategy, aliasName, alias, ready);
            step = "balance:" + BalanceStrategies.Name(strategy) + "=" + ready[0].Id;
        }

        if (notes.Count > 0)
        {
            reason += "; " + string.Join(", ", notes);
        }

        route.Replace([.. ready, .. unready], step, reason);
        return ValueTask.CompletedTask;
    }

    /// <summary>Why a deployment should not be first now: its circuit is open, it asked callers to wait, or its quota is full.</summary>
    private string? Unready(Deployment deployment, BalanceCall call, DateTimeOffset now)
    {
        if (health.TryGet(deployment, out DeploymentHealth? known))
        {
            if (known!.CircuitState(now) == CircuitStatus.Open)
            {
                return "circuit open";
            }

            if (known.CoolingFor(now) is not null)
            {
                return "asked to wait";
            }
        }

        return quotas.HasRoom(call, deployment) ? null : "quota full";
    }

    private (List<Deployment> Order, string Reason) Choose(BalanceStrategy strategy, string aliasName, ModelAliasOptions alias, List<Deployment> ready)
    {
        switch (strategy)
        {
            case BalanceStrategy.Weighted:
            {
                var weighted = ready.Select(d => (d.Id, Weight: Weight(alias, d))).ToList();
                int pick = rotation.Next(aliasName, weighted);
                Deployment first = ready[pick];
                int total = weighted.Sum(w => w.Weight);
                ready.RemoveAt(pick);
                return ([first, .. Sort(strategy, alias, ready)], $"weighted: {first} (weight {Weight(alias, first)} of {total})");
            }

            case BalanceStrategy.LeastBusy:
            {
                List<Deployment> order = Sort(strategy, alias, ready);
                return (order, "least-busy: " + string.Join(", ", order.Select(d => $"{d} {InFlight(d)} in flight")));
            }

            case BalanceStrategy.LowestLatency:
            {
                List<Deployment> order = Sort(strategy, alias, ready);
                return (order, "lowest-latency: " + string.Join(", ", order.Select(d => Latency(d) is TimeSpan l ? $"{d} {Math.Round(l.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)} ms" : $"{d} not measured yet")));
            }

            case BalanceStrategy.Cost:
            {
                List<Deployment> order = Sort(strategy, alias, ready);
                return (order, "cost: " + string.Join(", ", order.Select(d => PricePerMillion(d) is decimal p ? $"{d} ${p.ToString("0.####", CultureInfo.InvariantCulture)}/M in+out" : $"{d} unpriced")));
            }

            default:
                return (ready, "ordered");
        }
    }

    /// <summary>The fallbacks' order under a strategy (stable: ties keep the alias's order).</summary>
    private List<Deployment> Sort(BalanceStrategy strategy, ModelAliasOptions alias, List<Deployment> deployments) => strategy switch
    {
        BalanceStrategy.Weighted => [.. deployments.OrderByDescending(d => Weight(alias, d))],
        BalanceStrategy.LeastBusy => [.. deployments.OrderBy(InFlight)],
        BalanceStrategy.LowestLatency => [.. deployments.OrderBy(d => Latency(d) is TimeSpan l ? l.Ticks : -1)],
        BalanceStrategy.Cost => [.. deployments.OrderBy(d => PricePerMillion(d) ?? decimal.MaxValue)],
        _ => deployments,
    };

    private static int Weight(ModelAliasOptions alias, Deployment deployment) =>
        alias.PerTarget.TryGetValue(deployment.Target, out AliasTargetOptions? settings) ? settings.Weight : 1;

    private int InFlight(Deployment deployment) => health.TryGet(deployment, out DeploymentHealth? known) ? known!.InFlight : 0;

    private TimeSpan? Latency(Deployment deployment) => health.TryGet(deployment, out DeploymentHealth? known) ? known!.Latency : null;

    private decimal? PricePerMillion(Deployment deployment) => estimator.PriceOf(deployment) is { } price ? price.Input + price.Output : null;

    /// <summary>
    /// The quotas of the route's deployments that have one, by deployment id; null when none has. A target's quota holds
    /// for each of its keys on its own (each key is its own account quota).
    /// </summary>
    private static Dictionary<string, RateLimit>? Quotas(ModelAliasOptions alias, IReadOnlyList<Deployment> deployments)
    {
        Dictionary<string, RateLimit>? map = null;
        foreach (Deployment deployment in deployments)
        {
            if (alias.PerTarget.TryGetValue(deployment.Target, out AliasTargetOptions? settings) && (settings.Rpm is not null || settings.Tpm is not null))
            {
                (map ??= new(StringComparer.Ordinal))[deployment.Id] = new RateLimit { Rpm = settings.Rpm, Tpm = settings.Tpm };
            }
        }

        return map;
    }
}
