namespace Purser.Assistant.Languages;

/// <summary>What a language is for; repository analysis scores <see cref="Code"/> and <see cref="Markup"/> files by default.</summary>
internal enum LanguageKind
{
    /// <summary>A programming or scripting language (also SQL, shell, build scripts, infrastructure code).</summary>
    Code,

    /// <summary>Markup and styling with behaviour worth reviewing: HTML, CSS, templates, components.</summary>
    Markup,

    /// <summary>Configuration and data: JSON, YAML, TOML, XML, CSV.</summary>
    Data,

    /// <summary>Prose: Markdown, reStructuredText, plain text.</summary>
    Docs,
}
