namespace Purser.Providers.Translation;

/// <summary>What translation does with one request field for another protocol.</summary>
internal enum FieldAction
{
    /// <summary>The field has a counterpart and is carried over (or needs none: the protocol's own plumbing).</summary>
    Map,

    /// <summary>
    /// The field only tunes the source provider's own behaviour or bookkeeping: it is left out and named in
    /// <c>x-purser-dropped-fields</c> (refused in strict mode).
    /// </summary>
    Drop,

    /// <summary>Losing the field would change the meaning of the answer: a 400 naming it.</summary>
    Refuse,
}
