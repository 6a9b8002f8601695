using Purser.Storage.Sql;

namespace Purser.Storage.Sqlite;

/// <summary>Calls read back from the embedded ledger.</summary>
internal sealed class SqliteCallStore(SqliteDatabase database) : SqlCallStore(database);
