namespace Purser.Gateway.Dashboard;

/// <summary>What the pages poll: the newest ledger row's id; when it changes, the page fetches itself again.</summary>
internal sealed record LiveVersion(long Ledger);
