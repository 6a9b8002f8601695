namespace Purser.Assistant.Templates;

/// <summary>
/// A learned template: a validated generation (score ≥ Purser:Templates:MinScore) with its parameters taken out, the
/// pattern it answers (operation, language, stack, normalised task words), where it came from and what it has saved.
/// </summary>
internal sealed record LearnedTemplate
{
    public long Id { get; init; }

    /// <summary>SHA-256 of operation, language, stack and the normalised task (see <see cref="TaskPattern.Signature"/>).</summary>
    public required string Signature { get; init; }

    public required string Operation { get; init; }

    /// <summary>The language the task asked for (a language id), or empty when it named none.</summary>
    public required string Language { get; init; }

    /// <summary>The normalised stack (lower case, sorted, comma-joined), or empty.</summary>
    public required string Stack { get; init; }

    /// <summary>The task the template was learned from.</summary>
    public required string Task { get; init; }

    /// <summary>The normalised task words, parameters as <c>{role}</c>.</summary>
    public required string Pattern { get; init; }

    /// <summary>The parameters and the values they had in <see cref="Task"/>.</summary>
    public required IReadOnlyList<TemplateParameter> Parameters { get; init; }

    /// <summary>The answer with <c>{{purser:Name:form}}</c> placeholders.</summary>
    public required string Code { get; init; }

    /// <summary>The validator's score of the generation (0-100).</summary>
    public int Score { get; init; }

    /// <summary>The deployment that wrote it (<c>provider/model</c>).</summary>
    public string? SourceModel { get; init; }

    /// <summary>What the generation cost (model call and repair); what each use of the template saves. Null when unknown.</summary>
    public decimal? SourceCostUsd { get; init; }

    public int Version { get; init; } = 1;

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public long Uses { get; init; }

    /// <summary>Dollars saved by all uses.</summary>
    public decimal SavedUsd { get; init; }

    public DateTimeOffset? LastUsedAt { get; init; }

    /// <summary>The code with the template's own parameters: the generation it was learned from.</summary>
    public string Original => TemplateCode.Instantiate(Code, Parameters);
}
