using Purser.Ledger;

namespace Purser.Calls;

/// <summary>Reads calls back from the ledger: filtered pages and one call with its attempts.</summary>
internal interface ICallStore
{
    Task<CallPage> ListAsync(CallQuery query, CancellationToken cancellationToken);

    /// <summary>The call with this request id, with every attempt; null when there is none.</summary>
    Task<LedgerEntry?> GetAsync(string requestId, CancellationToken cancellationToken);

    /// <summary>The newest ledger row's id (0 when the ledger is empty): a cheap "did anything happen" check.</summary>
    Task<long> LatestIdAsync(CancellationToken cancellationToken);
}
