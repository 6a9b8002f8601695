namespace Purser.Assistant.Languages;

/// <summary>A language Purser recognises: a stable id (<c>csharp</c>), a display name (<c>C#</c>) and other names it answers to.</summary>
internal sealed record Language(string Id, string Name, LanguageKind Kind, IReadOnlyList<string> Aliases)
{
    /// <summary>Whether repository analysis scores files of this language by default.</summary>
    public bool IsAnalyzedByDefault => Kind is LanguageKind.Code or LanguageKind.Markup;

    public override string ToString() => Name;
}
