namespace Purser.Assistant.Sarif;

/// <summary>One result to write: where (a repository-relative path, or an absolute one), how serious, which category, what.</summary>
internal sealed record SarifFinding(string Path, int? Line, int? EndLine, string Level, string Category, string Message);
