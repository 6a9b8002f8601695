using Purser.Storage.Sql;

namespace Purser.Storage.Sqlite;

/// <summary>Virtual keys in the embedded database.</summary>
internal sealed class SqliteKeyStore(SqliteDatabase database) : SqlKeyStore(database);
