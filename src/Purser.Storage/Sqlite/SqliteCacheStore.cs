using Purser.Storage.Sql;

namespace Purser.Storage.Sqlite;

/// <summary>Cache entries in the embedded database.</summary>
internal sealed class SqliteCacheStore(SqliteDatabase database) : SqlCacheStore(database);
