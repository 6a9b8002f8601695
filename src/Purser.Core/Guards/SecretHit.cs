namespace Purser.Guards;

/// <summary>
/// A detector's raw match before overlaps are resolved. <paramref name="Decoded"/>: found in decoded text (hex,
/// base64) and already checked there against placeholders and allow patterns, which the encoded form cannot show.
/// </summary>
internal readonly record struct SecretHit(SecretKind Kind, int Start, int Length, int Priority, bool Decoded = false)
{
    public int End => Start + Length;

    public bool Overlaps(SecretHit other) => Start < other.End && other.Start < End;
}
