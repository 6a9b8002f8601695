using Purser.Assistant.Calls;
using Purser.Assistant.Validation;

namespace Purser.Assistant.Generation;

/// <summary>A generation: the path it took, the answer and its files, the validation, what it cost and saved, and every step.</summary>
internal sealed record GenerationResult
{
    public required string Task { get; init; }

    /// <summary><c>template</c>, <c>model</c>, <c>model+repair</c> or <c>template (budget fallback)</c>; empty when it failed.</summary>
    public string Path { get; init; } = "";

    /// <summary>The answer: files under headings in fenced blocks.</summary>
    public string Answer { get; init; } = "";

    public IReadOnlyList<GeneratedFile> Files { get; init; } = [];

    /// <summary>The validation of each file in a language the validator knows.</summary>
    public IReadOnlyList<ValidationReport> Validation { get; init; } = [];

    /// <summary>The line-weighted score of the validated files; null when none could be validated.</summary>
    public int? Score { get; init; }

    public int Threshold { get; init; }

    public bool Passed { get; init; }

    /// <summary>What every call of the generation cost together (model, repair, cross-check); null when a price is unknown.</summary>
    public decimal? CostUsd { get; init; }

    /// <summary>What answering from a template saved (the source generation's cost).</summary>
    public decimal? SavedUsd { get; init; }

    public long? TemplateId { get; init; }

    public double? Similarity { get; init; }

    /// <summary>What learning did: "learned as template 3", "upgraded template 3 to version 2", "not learned: …".</summary>
    public string Learned { get; init; } = "";

    public long? LearnedTemplateId { get; init; }

    /// <summary>The deployment that wrote the code (<c>provider/model</c>, or <c>template/&lt;id&gt;</c>).</summary>
    public string? ServedBy { get; init; }

    public IReadOnlyList<GenerationStep> Steps { get; init; } = [];

    public IReadOnlyList<string> RequestIds { get; init; } = [];

    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Why nothing was generated.</summary>
    public AssistantError? Error { get; init; }

    public bool Succeeded => Error is null;
}
