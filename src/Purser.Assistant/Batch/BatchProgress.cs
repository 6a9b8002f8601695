namespace Purser.Assistant.Batch;

/// <summary>Where a repository analysis stands.</summary>
/// <param name="Done">Files finished (analysed, reused, failed or not analysed).</param>
/// <param name="Total">Files to go through.</param>
/// <param name="CostUsd">Spent so far (known prices).</param>
/// <param name="Elapsed">Since the run started.</param>
/// <param name="Eta">Estimated time left, from the pace of the model calls so far; null until one has finished.</param>
internal sealed record BatchProgress(int Done, int Total, decimal CostUsd, TimeSpan Elapsed, TimeSpan? Eta);
