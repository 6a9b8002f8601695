namespace Purser.Keys;

/// <summary>The result of checking a presented key.</summary>
internal readonly record struct KeyCheck(KeyCheckOutcome Outcome, VirtualKey? Key)
{
    /// <summary>Why a revoked or invalid key is refused (every entry point says it the same way); null otherwise.</summary>
    public string? Refusal => Outcome switch
    {
        KeyCheckOutcome.Revoked => $"The virtual key {Key!.Display} ('{Key.Name}') was revoked.",
        KeyCheckOutcome.Invalid => "The virtual key is not valid (unknown or mistyped pk-purser- key).",
        _ => null,
    };
}
