namespace Purser.Keys;

internal enum KeyCheckOutcome
{
    /// <summary>The value is not shaped like a Purser virtual key (e.g. a placeholder an SDK needs).</summary>
    NotAVirtualKey,

    Valid,

    /// <summary>Shaped like a virtual key but unknown or wrong.</summary>
    Invalid,

    Revoked,
}
