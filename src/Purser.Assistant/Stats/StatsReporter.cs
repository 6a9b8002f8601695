using Purser.Assistant.Analysis;
using Purser.Assistant.Notes;
using Purser.Assistant.Repositories;
using Purser.Reports;
using Purser.Storage.Sqlite;

namespace Purser.Assistant.Stats;

/// <summary><c>purser stats</c>: the local database's size, schema, ledger totals, analyses, repositories and notes.</summary>
internal sealed class StatsReporter(SqliteDatabase database, CostReporter costs, IAnalysisStore analyses, IRepositoryStore repositories, INoteStore notes)
{
    public async Task<DatabaseStats> CollectAsync(CancellationToken cancellationToken)
    {
        CostSummary all = await costs.SummaryAsync("all", null, 0, cancellationToken);
        IReadOnlyList<RepositoryRecord> repos = await repositories.ListAsync(cancellationToken);
        IReadOnlyDictionary<NoteStatus, long> counts = await notes.CountsAsync(cancellationToken);
        long size = 0;
        foreach (string suffix in new[] { "", "-wal" })
        {
            var file = new FileInfo(database.Path + suffix);
            size += file.Exists ? file.Length : 0;
        }

        return new DatabaseStats
        {
            Path = database.Path,
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
