namespace Purser.Ledger;

/// <summary><c>Purser:Ledger:…</c>.</summary>
public sealed class LedgerOptions
{
    public LedgerDurability Durability { get; set; } = LedgerDurability.Strict;

    /// <summary>Rows waiting to be written before appends wait for room (default 20,000).</summary>
    public int QueueCapacity { get; set; } = 20_000;

    /// <summary>Most rows per transaction (default 512).</summary>
    public int MaxBatchSize { get; set; } = 512;

    /// <summary>In fast mode, how long a row may wait before its batch is written (default 200 ms).</summary>
    public int FlushIntervalMs { get; set; } = 200;
}
