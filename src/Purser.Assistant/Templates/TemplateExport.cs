namespace Purser.Assistant.Templates;

/// <summary>The file <c>purser templates export</c> writes and <c>import</c> reads: a format version and the templates with their history.</summary>
internal sealed record TemplateExport(int Format, IReadOnlyList<TemplateDetails> Templates)
{
    public const int CurrentFormat = 1;
}
