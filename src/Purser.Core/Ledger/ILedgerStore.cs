namespace Purser.Ledger;

/// <summary>Where ledger rows go. Implementations: SQLite (embedded default) and PostgreSQL.</summary>
internal interface ILedgerStore
{
    /// <summary>
    /// Writes the rows in one transaction (group commit): all or none. A row whose request id is already recorded
    /// is skipped, so rows set aside and written again are never counted twice.
    /// </summary>
    Task AppendAsync(IReadOnlyList<LedgerEntry> entries, CancellationToken cancellationToken);

    /// <summary>
    /// Null while the store writes where it started; otherwise why rows written now would be lost (the database file
    /// was deleted or replaced under the running process). Cheap: the writer asks before every batch.
    /// </summary>
    ValueTask<string?> CheckIdentityAsync(CancellationToken cancellationToken) => ValueTask.FromResult<string?>(null);
}
