using Purser.Storage.Sql;

namespace Purser.Storage.Sqlite;

/// <summary>Budgets managed through the API and CLI, in the embedded database.</summary>
internal sealed class SqliteBudgetStore(SqliteDatabase database, TimeProvider time) : SqlBudgetStore(database, time);
