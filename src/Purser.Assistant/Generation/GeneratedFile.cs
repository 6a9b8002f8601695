namespace Purser.Assistant.Generation;

/// <summary>One file of a generated answer: its relative path, language id (or null) and code.</summary>
internal sealed record GeneratedFile(string Path, string? Language, string Code);
