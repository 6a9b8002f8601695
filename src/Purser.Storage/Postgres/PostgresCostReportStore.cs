using Purser.Storage.Sql;

namespace Purser.Storage.Postgres;

/// <summary>Cost reports from the shared PostgreSQL ledger.</summary>
internal sealed class PostgresCostReportStore(PostgresDatabase database) : SqlCostReportStore(database);
