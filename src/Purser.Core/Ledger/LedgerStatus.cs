namespace Purser.Ledger;

/// <summary>The ledger's state as /health/ready and the refusals report it.</summary>
/// <param name="Problem">What went wrong (null when healthy); never holds a secret.</param>
/// <param name="SetAside">Rows waiting in the spool or in memory to be written.</param>
/// <param name="SpoolWorks">False when rows could not even be spooled and are held in memory.</param>
internal sealed record LedgerStatus(LedgerState State, string? Problem, DateTimeOffset? Since, long SetAside, bool SpoolWorks)
{
    public static readonly LedgerStatus Healthy = new(LedgerState.Healthy, null, null, 0, true);
}
