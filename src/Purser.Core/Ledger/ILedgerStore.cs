namespace Purser.Ledger;

/// <summary>Where ledger rows go. Implementations: SQLite (embedded default) and PostgreSQL.</summary>
public interface ILedgerStore
{
    /// <summary>Writes the rows in one transaction (group commit): all or none.</summary>
    Task AppendAsync(IReadOnlyList<LedgerEntry> entries, CancellationToken cancellationToken);
}
