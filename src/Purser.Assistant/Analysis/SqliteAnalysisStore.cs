using Purser.Storage.Sqlite;

namespace Purser.Assistant.Analysis;

/// <summary>The analysis store in the embedded SQLite database.</summary>
internal sealed class SqliteAnalysisStore(SqliteDatabase database) : SqlAnalysisStore(database);
