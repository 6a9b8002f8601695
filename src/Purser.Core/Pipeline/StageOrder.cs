namespace Purser.Pipeline;

/// <summary>The fixed positions of the built-in stages; user stages slot in between.</summary>
internal static class StageOrder
{
    /// <summary>Refuses calls the ledger could not record, before anything is spent.</summary>
    public const int LedgerAdmission = 10;
    public const int Attribution = 50;
    public const int Guard = 100;
    public const int Route = 200;

    /// <summary>Budget tiers may narrow or downgrade the route (before the cache key is taken) or refuse.</summary>
    public const int BudgetTier = 250;
    /// <summary>Rate limits: after the route (a call's worst case in tokens depends on it), before the cache (every call is a request).</summary>
    public const int RateLimit = 275;
    public const int Cache = 300;
    /// <summary>Load balancing of an alias: after the cache and template lookups (their keys must not depend on the pick), before the budget reservation.</summary>
    public const int Balance = 370;
    public const int Budget = 400;

    public const int Usage = 100;
    public const int Price = 200;
    public const int BudgetReconcile = 300;
    public const int RateLimitReconcile = 310;
    public const int BalanceRecord = 320;
    public const int Ledger = 400;
    public const int CacheStore = 500;
}
