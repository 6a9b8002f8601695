namespace Purser.Ledger;

public enum LedgerDurability
{
    /// <summary>A response's last byte is sent only after its ledger row is committed (default).</summary>
    Strict,

    /// <summary>The response does not wait; a crash may lose at most one flush interval of rows.</summary>
    Fast,
}
