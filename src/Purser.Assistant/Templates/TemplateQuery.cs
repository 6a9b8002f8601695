namespace Purser.Assistant.Templates;

/// <summary>
/// A generation call's request to be answered from a learned template, carried on the pipeline context for
/// <see cref="TemplateLookupStage"/>, which fills in <see cref="Match"/> (or <see cref="Skipped"/>, <see cref="Best"/>).
/// </summary>
internal sealed class TemplateQuery
{
    /// <summary>The key of the query in <c>PurserContext.Items</c>.</summary>
    public static readonly object ItemKey = new();

    public required string Language { get; init; }

    public required string Stack { get; init; }

    public required TaskPattern Task { get; init; }

    /// <summary>The budget-limit fallback: the lower similarity (<see cref="TemplateOptions.FallbackSimilarity"/>) is enough.</summary>
    public bool Fallback { get; init; }

    /// <summary>The template that answered.</summary>
    public TemplateMatch? Match { get; set; }

    /// <summary>The most similar candidate when none was similar enough.</summary>
    public TemplateCandidate? Best { get; set; }

    /// <summary>Why no template was looked up (operation opted out, multi-turn chat …).</summary>
    public string? Skipped { get; set; }
}
