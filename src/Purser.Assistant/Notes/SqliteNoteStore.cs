using Purser.Storage.Sqlite;

namespace Purser.Assistant.Notes;

/// <summary>Notes in the embedded SQLite database.</summary>
public sealed class SqliteNoteStore(SqliteDatabase database) : SqlNoteStore(database);
