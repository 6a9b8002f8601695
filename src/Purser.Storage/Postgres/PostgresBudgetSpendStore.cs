using Purser.Storage.Sql;

namespace Purser.Storage.Postgres;

/// <summary>Budget spend from the shared PostgreSQL ledger.</summary>
internal sealed class PostgresBudgetSpendStore(PostgresDatabase database) : SqlBudgetSpendStore(database);
