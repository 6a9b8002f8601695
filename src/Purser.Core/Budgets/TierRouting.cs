using Purser.Chat;
using Purser.Configuration;
using Purser.Errors;
using Purser.Keys;
using Purser.Pricing;
using Purser.Routing;

namespace Purser.Budgets;

/// <summary>
/// What a tier does to a route. Cheap: keep the route's cheap deployments, or else switch to cheap ones — the targets
/// of a <c>cheap</c> alias the user configured, otherwise every listed model and built-in <c>cheap</c> target whose
/// output price is at most Purser:Budgets:Tiers:CheapMaxOutputPrice. Emergency: the single deployment with the lowest
/// worst case for this call (from the route and the cheap models). Only models the caller's key allows are picked.
/// </summary>
internal sealed class TierRouting(PurserOptions options, ModelResolver resolver, ReservationEstimator estimator)
{
    public const string CheapAlias = "cheap";

    private readonly BudgetTierOptions _tiers = options.Budgets.Tiers;

    /// <summary>The route for the cheap tier, or null when no cheaper choice exists (the route stays).</summary>
    public IReadOnlyList<Deployment>? Cheap(IReadOnlyList<Deployment> route, IReadOnlyList<string>? allowed)
    {
        List<Deployment>? aliasTargets = AliasTargets();
        bool IsCheap(Deployment d) => aliasTargets is not null
            ? aliasTargets.Contains(d)
            : estimator.PriceOf(d) is { } price && price.Output <= _tiers.CheapMaxOutputPrice;

        List<Deployment> keep = [.. route.Where(IsCheap)];
        if (keep.Count == route.Count)
        {
            return null;
        }

        if (keep.Count > 0)
        {
            return keep;
        }

        List<Deployment> pool = [.. CheapPool(aliasTargets).Where(d => ModelAccess.Allows(allowed, d.Target))];
        return pool.Count > 0 ? pool : null;
    }

    /// <summary>The emergency deployment: the lowest worst case for this request among the route and the cheap models.</summary>
    public Deployment? Cheapest(ChatRequest request, IReadOnlyList<Deployment> route, IReadOnlyList<string>? allowed, int maxTokens)
    {
        Deployment? best = null;
        decimal bestCost = decimal.MaxValue;
        foreach (Deployment d in route.Concat(CheapPool(AliasTargets())).Distinct())
        {
            if (!ModelAccess.Allows(allowed, d.Target) && !route.Contains(d))
            {
                continue;
            }

            if (estimator.PriceOf(d) is not { } price)
            {
                continue;
            }

            // As the reservation will take it: the capped output for every answer asked for, the prompt as counted.
            long output = (long)maxTokens * Math.Max(1, request.Choices ?? 1);
            decimal cost = CostCalculator.WorstCaseCost(estimator.PromptBound(request, d, price), output, price);
            if (cost < bestCost)
            {
                best = d;
                bestCost = cost;
            }
        }

        return best;
    }

    /// <summary>The targets of a user-configured cheap alias (authoritative); null when only the built-in one exists.</summary>
    private List<Deployment>? AliasTargets()
    {
        if (!options.Models.ContainsKey(CheapAlias))
        {
            return null;
        }

        RouteDecision? route = resolver.Resolve(CheapAlias, out PurserError? _);
        return route is null ? null : [.. route.Deployments];
    }

    /// <summary>The built-in cheap alias's targets on configured providers.</summary>
    private IEnumerable<Deployment> BuiltInCheapTargets() =>
        resolver.Resolve(CheapAlias, out PurserError? _)?.Deployments ?? [];

    private IEnumerable<Deployment> CheapPool(List<Deployment>? aliasTargets)
    {
        if (aliasTargets is not null)
        {
            return aliasTargets;
        }

        return options.Providers
            .SelectMany(p => p.Value.Models.Select(m => new Deployment(p.Key, m)))
            .Concat(BuiltInCheapTargets())
            .Distinct()
            .Select(d => (Deployment: d, Price: estimator.PriceOf(d)))
            .Where(x => x.Price is { } price && price.Output <= _tiers.CheapMaxOutputPrice)
            .OrderBy(x => x.Price!.Input + x.Price.Output)
            .Select(x => x.Deployment);
    }
}
