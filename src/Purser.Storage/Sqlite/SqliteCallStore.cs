using Purser.Storage.Sql;

namespace Purser.Storage.Sqlite;

/// <summary>Calls read back from the embedded ledger.</summary>
public sealed class SqliteCallStore(SqliteDatabase database) : SqlCallStore(database);
