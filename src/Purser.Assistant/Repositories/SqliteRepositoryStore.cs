using Purser.Storage.Sqlite;

namespace Purser.Assistant.Repositories;

/// <summary>Repositories in the embedded SQLite database.</summary>
internal sealed class SqliteRepositoryStore(SqliteDatabase database) : SqlRepositoryStore(database);
