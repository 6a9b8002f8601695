using System.Globalization;

namespace Purser.Guards;

/// <summary>
/// One secret found in a text: what kind, where. It never carries the secret itself, so it is safe to
/// log, to put in an error body or in the ledger.
/// </summary>
/// <param name="Kind">What was found.</param>
/// <param name="Start">Offset of the secret in the scanned string (UTF-16 code units).</param>
/// <param name="Length">Length of the secret span (the span a redaction replaces).</param>
/// <param name="Line">1-based line of <paramref name="Start"/>.</param>
/// <param name="Column">1-based column of <paramref name="Start"/> (UTF-16 code units).</param>
internal readonly record struct SecretFinding(SecretKind Kind, int Start, int Length, int Line, int Column)
{
    /// <summary>Where the scanned string came from (e.g. <c>messages[1].content[0].text</c>); null for a bare string.</summary>
    public string? Path { get; init; }

    /// <summary>
    /// For a secret split across several strings (messages, parts, blocks), where its last piece is; null when the
    /// secret lies in one string. <see cref="Path"/>, <see cref="Line"/> and <see cref="Column"/> locate its first piece.
    /// </summary>
    public string? EndPath { get; init; }

    /// <summary>The stable id of <see cref="Kind"/>.</summary>
    public string KindId => Kind.ToId();

    /// <summary>Offset just past the secret.</summary>
    public int End => Start + Length;

    /// <summary>
    /// "openai_api_key at messages[1].content, line 3, column 12" (", through messages[4].content" when split): kind and
    /// place, never the value.
    /// </summary>
    public override string ToString() =>
        (Path, EndPath) switch
        {
            (null, _) => string.Create(CultureInfo.InvariantCulture, $"{KindId} at line {Line}, column {Column}"),
            (_, null) => string.Create(CultureInfo.InvariantCulture, $"{KindId} at {Path}, line {Line}, column {Column}"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{KindId} at {Path}, line {Line}, column {Column}, through {EndPath}"),
        };
}
