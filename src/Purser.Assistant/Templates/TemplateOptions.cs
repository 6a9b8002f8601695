namespace Purser.Assistant.Templates;

/// <summary>Learned templates, bound from <c>Purser:Templates</c>.</summary>
public sealed class TemplateOptions
{
    public const string SectionName = "Purser:Templates";

    /// <summary>Learn and use templates at all. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The operations that learn and use templates; any other operation opts out. Default: <c>code_generation</c>.</summary>
    public List<string> Operations { get; set; } = ["code_generation"];

    /// <summary>The task similarity (Jaccard of the normalised task words, 0-1) a template needs to answer a task. Default 0.85.</summary>
    public double Similarity { get; set; } = 0.85;

    /// <summary>The similarity that is enough when a hard budget has no room left and the alternative is failing. Default 0.6.</summary>
    public double FallbackSimilarity { get; set; } = 0.6;

    /// <summary>The validation score (0-100) a generation needs to be learned. Default 90.</summary>
    public int MinScore { get; set; } = 90;

    public bool Allows(string? operation) =>
        Enabled && operation is not null && Operations.Contains(operation, StringComparer.OrdinalIgnoreCase);

    /// <summary>Checks these options; each error names its key.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Similarity is <= 0 or > 1)
        {
            errors.Add($"{SectionName}:Similarity must be more than 0 and at most 1 (got {Similarity}).");
        }

        if (FallbackSimilarity is <= 0 or > 1 || FallbackSimilarity > Similarity)
        {
            errors.Add($"{SectionName}:FallbackSimilarity must be more than 0 and at most Similarity ({Similarity}) (got {FallbackSimilarity}).");
        }

        if (MinScore is < 0 or > 100)
        {
            errors.Add($"{SectionName}:MinScore must be between 0 and 100 (got {MinScore}).");
        }

        for (int i = 0; i < Operations.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(Operations[i]))
            {
                errors.Add($"{SectionName}:Operations:{i} must name an operation.");
            }
        }

        return errors;
    }
}
