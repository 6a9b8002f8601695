using Purser.Storage.Sqlite;

namespace Purser.Assistant.Notes;

/// <summary>Notes in the embedded SQLite database.</summary>
internal sealed class SqliteNoteStore(SqliteDatabase database) : SqlNoteStore(database);
