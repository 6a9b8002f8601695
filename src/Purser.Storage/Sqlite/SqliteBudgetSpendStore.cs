using Purser.Storage.Sql;

namespace Purser.Storage.Sqlite;

/// <summary>Budget spend from the embedded ledger.</summary>
internal sealed class SqliteBudgetSpendStore(SqliteDatabase database) : SqlBudgetSpendStore(database);
