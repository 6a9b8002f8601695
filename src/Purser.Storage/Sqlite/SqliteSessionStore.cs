using Purser.Storage.Sql;

namespace Purser.Storage.Sqlite;

/// <summary><c>purser run</c> sessions in the embedded database (migration 13).</summary>
internal sealed class SqliteSessionStore(SqliteDatabase database) : SqlSessionStore(database);
