using Purser.Storage.Sql;

namespace Purser.Storage.Postgres;

/// <summary>Calls read back from the shared PostgreSQL ledger.</summary>
internal sealed class PostgresCallStore(PostgresDatabase database) : SqlCallStore(database);
