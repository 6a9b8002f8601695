using Purser.Storage.Sql;

namespace Purser.Storage.Sqlite;

/// <summary>The alert table in the embedded database.</summary>
internal sealed class SqliteAlertStore(SqliteDatabase database) : SqlAlertStore(database);
