namespace Purser.Prompts;

/// <summary>One prompt in effect, as <c>GET /api/prompts</c> and the dashboard show it.</summary>
internal sealed record PromptView
{
    public required string Name { get; init; }

    public required string Description { get; init; }

    /// <summary>shipped, overridden or user.</summary>
    public required string Source { get; init; }

    public required string Tier { get; init; }

    /// <summary>The model or alias the prompt is sent to.</summary>
    public required string Target { get; init; }

    public required string ResponseFormat { get; init; }

    public int MaxTokens { get; init; }

    public double Temperature { get; init; }

    public required string Version { get; init; }

    public required string SystemPrompt { get; init; }

    public required string Template { get; init; }

    public IReadOnlyList<string> Variables { get; init; } = [];

    public IReadOnlyList<string> RequiredVariables { get; init; } = [];

    public IReadOnlyDictionary<string, string> Defaults { get; init; } = new Dictionary<string, string>();

    public static PromptView Of(PromptDefinition p) => new()
    {
        Name = p.Name,
        Description = p.Description,
        Source = p.Source.ToString().ToLowerInvariant(),
        Tier = p.Tier.ToString().ToLowerInvariant(),
        Target = p.Target,
        ResponseFormat = p.ResponseFormat.ToString().ToLowerInvariant(),
        MaxTokens = p.MaxTokens,
        Temperature = p.Temperature,
        Version = p.Version,
        SystemPrompt = p.SystemPrompt,
        Template = p.Template,
        Variables = p.Variables,
        RequiredVariables = p.RequiredVariables,
        Defaults = p.Defaults,
    };
}
