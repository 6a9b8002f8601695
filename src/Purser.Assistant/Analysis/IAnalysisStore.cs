namespace Purser.Assistant.Analysis;

/// <summary>
/// Stored file analyses: the answer to "was this exact file already analysed with this prompt version and model?"
/// (then it costs nothing again), and the latest scores per file for reports and <c>purser next</c>.
/// </summary>
internal interface IAnalysisStore
{
    /// <summary>A complete earlier analysis of content with <paramref name="contentHash"/> by the same prompt version and model; null when there is none.</summary>
    Task<FileAnalysis?> FindAsync(string promptName, string promptVersion, string model, string contentHash, CancellationToken cancellationToken);

    /// <summary>Records an analysis of the file at <paramref name="fullPath"/> (in <paramref name="repository"/>, a root folder, when it is in one).</summary>
    Task SaveAsync(string promptName, FileAnalysis analysis, string fullPath, string? repository, CancellationToken cancellationToken);

    /// <summary>The latest analysis of each file, lowest overall score first (of <paramref name="repository"/> only, when given).</summary>
    Task<IReadOnlyList<StoredAnalysis>> LowestScoringAsync(int limit, string? repository, CancellationToken cancellationToken);

    Task<AnalysisStoreStats> StatsAsync(CancellationToken cancellationToken);
}
