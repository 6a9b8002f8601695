namespace Purser.Translation;

/// <summary>
/// What one attempt's translation into another wire protocol dropped. A writer records each field it leaves out
/// (named as the client sent it); the gateway lists them in <c>x-purser-dropped-fields</c>. In strict mode
/// (<c>Purser:Translation:Strict</c>) nothing may be dropped: the policy refuses the field instead.
/// </summary>
internal sealed class TranslationReport
{
    private readonly List<string> _dropped = [];

    public TranslationReport(bool strict = false)
    {
        Strict = strict;
    }

    /// <summary>Refuse every field that would be dropped.</summary>
    public bool Strict { get; }

    /// <summary>The fields dropped, in the order met, each once.</summary>
    public IReadOnlyList<string> Dropped => _dropped;

    public void Drop(string field)
    {
        if (!_dropped.Contains(field, StringComparer.Ordinal))
        {
            _dropped.Add(field);
        }
    }
}
