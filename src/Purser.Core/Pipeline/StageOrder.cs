namespace Purser.Pipeline;

/// <summary>The fixed positions of the built-in stages; user stages slot in between.</summary>
public static class StageOrder
{
    /// <summary>Refuses calls the ledger could not record, before anything is spent.</summary>
    public const int LedgerAdmission = 10;
    public const int Attribution = 50;
    public const int Guard = 100;
    public const int Route = 200;

    /// <summary>Budget tiers may narrow or downgrade the route (before the cache key is taken) or refuse.</summary>
    public const int BudgetTier = 250;
    public const int Cache = 300;
    public const int Budget = 400;

    public const int Usage = 100;
    public const int Price = 200;
    public const int BudgetReconcile = 300;
    public const int Ledger = 400;
    public const int CacheStore = 500;
}
