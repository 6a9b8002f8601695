using Purser.Storage.Sqlite;

namespace Purser.Assistant.Repositories;

/// <summary>Repositories in the embedded SQLite database.</summary>
public sealed class SqliteRepositoryStore(SqliteDatabase database) : SqlRepositoryStore(database);
