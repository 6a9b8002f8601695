namespace Purser.Ledger;

/// <summary><c>Purser:Ledger:…</c>.</summary>
public sealed class LedgerOptions
{
    public LedgerDurability Durability { get; set; } = LedgerDurability.Strict;

    /// <summary>Rows waiting to be written before appends wait for room (default 20,000).</summary>
    public int QueueCapacity { get; set; } = 20_000;

    /// <summary>Most rows per transaction (default 512).</summary>
    public int MaxBatchSize { get; set; } = 512;
}
