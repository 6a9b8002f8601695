using Purser.Storage.Sql;

namespace Purser.Storage.Postgres;

/// <summary>Budgets managed through the API and CLI, in the shared PostgreSQL database.</summary>
internal sealed class PostgresBudgetStore(PostgresDatabase database, TimeProvider time) : SqlBudgetStore(database, time);
