namespace Purser.Assistant.Templates;

/// <summary>An earlier version of a template, kept when an upgrade or an edit replaced it.</summary>
internal sealed record TemplateVersion(
    long TemplateId,
    int Version,
    string Task,
    IReadOnlyList<TemplateParameter> Parameters,
    string Code,
    int Score,
    string? SourceModel,
    decimal? SourceCostUsd,
    DateTimeOffset ReplacedAt,
    string Reason);
