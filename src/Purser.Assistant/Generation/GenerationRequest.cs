namespace Purser.Assistant.Generation;

/// <summary>What to generate: the task, its stack and language, and how.</summary>
internal sealed class GenerationRequest
{
    public required string Task { get; init; }

    /// <summary>The technology stack (libraries, frameworks), in any order.</summary>
    public IReadOnlyList<string> Stack { get; init; } = [];

    /// <summary>The language (an id or a name Purser knows); null leaves it to the model.</summary>
    public string? Language { get; init; }

    /// <summary>The model or alias for the generation; null follows the assistant's model rule.</summary>
    public string? Model { get; init; }

    /// <summary>The model for the cross-model review of critical code; null picks another configured provider.</summary>
    public string? ReviewModel { get; init; }

    /// <summary>Do not answer from a learned template (the generation may still be learned; at a hard budget limit a template is still preferred to failing).</summary>
    public bool NoTemplate { get; init; }

    /// <summary>The validation threshold; null is Purser:Validation:Threshold.</summary>
    public int? Threshold { get; init; }

    /// <summary>cli or api, for the ledger.</summary>
    public string Origin { get; init; } = "cli";
}
