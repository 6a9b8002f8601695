namespace Purser.Assistant.Batch;

/// <summary>Mean scores of one language's files in a repository analysis.</summary>
internal sealed record LanguageAverage(string Language, int Files, double? Overall, double? Security, double? Quality, double? Complexity, double? Maintainability);
