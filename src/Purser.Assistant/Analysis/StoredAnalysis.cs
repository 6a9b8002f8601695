namespace Purser.Assistant.Analysis;

/// <summary>An analysis as stored: the result plus where the file was.</summary>
internal sealed record StoredAnalysis(FileAnalysis Analysis, string FullPath, string? Repository);
