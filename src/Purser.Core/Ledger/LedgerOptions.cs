namespace Purser.Ledger;

/// <summary><c>Purser:Ledger:…</c>.</summary>
public sealed class LedgerOptions
{
    public LedgerDurability Durability { get; set; } = LedgerDurability.Strict;

    /// <summary>Rows waiting to be written before appends wait for room (default 20,000).</summary>
    public int QueueCapacity { get; set; } = 20_000;

    /// <summary>Most rows per transaction (default 512).</summary>
    public int MaxBatchSize { get; set; } = 512;

    /// <summary>
    /// Tries for a batch before the ledger counts as failing (default 3, 50 ms then 200 ms apart). Its rows are then
    /// set aside in the spool and the writer stops trying the database until a probe succeeds.
    /// </summary>
    public int WriteAttempts { get; set; } = 3;

    /// <summary>
    /// How often the writer checks that the database file is still the one it opened and, while the ledger is
    /// failing, tries to write the rows set aside (default 1 s).
    /// </summary>
    public double ProbeIntervalSeconds { get; set; } = 1;

    /// <summary>
    /// The folder of the spool: rows the database could not take, kept in files (JSON lines, flushed to disk) and
    /// written to the database when it can take them again, also after a restart. The gateway defaults it to
    /// <c>ledger-spool</c> beside the database; without one, such rows are kept in memory only.
    /// </summary>
    public string? SpoolFolder { get; set; }
}
