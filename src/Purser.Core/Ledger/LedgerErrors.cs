using Purser.Errors;

namespace Purser.Ledger;

/// <summary>The 503 a caller gets when the ledger cannot record its call.</summary>
internal static class LedgerErrors
{
    /// <summary>How long a caller is told to wait while the database refuses writes (a restart is needed when it is lost).</summary>
    public static TimeSpan RetryAfter(LedgerStatus status) => status.State == LedgerState.Lost ? TimeSpan.FromSeconds(60) : TimeSpan.FromSeconds(5);

    public static PurserError Unavailable(LedgerStatus status)
    {
        string message = status.State == LedgerState.Lost
            ? $"Purser cannot record calls: {status.Problem}. Restart Purser; rows set aside meanwhile are written then."
            : $"Purser cannot record calls: the ledger database refuses writes ({status.Problem}). Retry later: calls are accepted again as soon as it takes writes.";
        return new PurserError(ErrorKind.Unavailable, 503, message) { Code = "ledger_unavailable", RetryAfter = RetryAfter(status) };
    }
}
