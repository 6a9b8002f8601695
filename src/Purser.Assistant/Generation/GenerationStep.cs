namespace Purser.Assistant.Generation;

/// <summary>One step of a generation as it is reported: template, model, validate, repair, cross-check, learn.</summary>
internal sealed record GenerationStep(string Name, string Detail, decimal? CostUsd = null, string? RequestId = null);
