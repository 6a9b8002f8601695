namespace Purser.Guards;

/// <summary>A detector's raw match before overlaps are resolved.</summary>
internal readonly record struct SecretHit(SecretKind Kind, int Start, int Length, int Priority)
{
    public int End => Start + Length;

    public bool Overlaps(SecretHit other) => Start < other.End && other.Start < End;
}
