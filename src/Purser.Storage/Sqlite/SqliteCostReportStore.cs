using Purser.Storage.Sql;

namespace Purser.Storage.Sqlite;

/// <summary>Cost reports from the embedded ledger.</summary>
internal sealed class SqliteCostReportStore(SqliteDatabase database) : SqlCostReportStore(database);
