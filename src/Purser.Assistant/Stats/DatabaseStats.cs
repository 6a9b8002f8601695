using Purser.Assistant.Analysis;
using Purser.Reports;

namespace Purser.Assistant.Stats;

/// <summary>What the local database holds (<c>purser stats</c>).</summary>
internal sealed record DatabaseStats
{
    /// <summary>The SQLite file, or the PostgreSQL host, port, database and user (never a password).</summary>
    public required string Path { get; init; }

    /// <summary>sqlite or postgres.</summary>
    public string Provider { get; init; } = "sqlite";

    /// <summary>The database file and its write-ahead log, in bytes.</summary>
    public long SizeBytes { get; init; }

    public int SchemaVersion { get; init; }

    /// <summary>Every call in the ledger, all time.</summary>
    public required CostTotals Ledger { get; init; }

    public required AnalysisStoreStats Analyses { get; init; }

    public long Repositories { get; init; }

    public long RepositoryFiles { get; init; }

    public long NotesInbox { get; init; }

    public long NotesActive { get; init; }

    public long NotesDone { get; init; }
}
