using Purser.Assistant.Analysis;
using Purser.Assistant.Notes;
using Purser.Assistant.Repositories;
using Purser.Reports;
using Purser.Storage;

namespace Purser.Assistant.Stats;

/// <summary><c>purser stats</c>: the local database's size, schema, ledger totals, analyses, repositories and notes.</summary>
internal sealed class StatsReporter(IStorageDatabase database, CostReporter costs, IAnalysisStore analyses, IRepositoryStore repositories, INoteStore notes)
{
    public async Task<DatabaseStats> CollectAsync(CancellationToken cancellationToken)
    {
        CostSummary all = await costs.SummaryAsync("all", null, 0, cancellationToken);
        IReadOnlyList<RepositoryRecord> repos = await repositories.ListAsync(cancellationToken);
        IReadOnlyDictionary<NoteStatus, long> counts = await notes.CountsAsync(cancellationToken);
        long size = database.SizeBytes();
        return new DatabaseStats
        {
            Path = database.Location,
            Provider = database.Provider,
            SizeBytes = size,
            SchemaVersion = database.SchemaVersion,
            Ledger = all.Periods["all"],
            Analyses = await analyses.StatsAsync(cancellationToken),
            Repositories = repos.Count,
            RepositoryFiles = repos.Sum(r => r.Files),
            NotesInbox = counts[NoteStatus.Inbox],
            NotesActive = counts[NoteStatus.Active],
            NotesDone = counts[NoteStatus.Done],
        };
    }
}
