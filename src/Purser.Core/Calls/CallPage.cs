using Purser.Ledger;

namespace Purser.Calls;

/// <summary>
/// One page of calls, newest first. <see cref="Next"/> is the cursor of the following page (null on the last one);
/// <see cref="LatestId"/> is the newest ledger row's id, which changes whenever a call is recorded.
/// </summary>
internal sealed record CallPage(IReadOnlyList<LedgerEntry> Calls, string? Next, long LatestId);
