using Purser.Storage.Sql;

namespace Purser.Storage.Postgres;

/// <summary>The alert table in the shared PostgreSQL database.</summary>
internal sealed class PostgresAlertStore(PostgresDatabase database) : SqlAlertStore(database);
