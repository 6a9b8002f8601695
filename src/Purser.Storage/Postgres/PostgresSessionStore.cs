using Purser.Storage.Sql;

namespace Purser.Storage.Postgres;

/// <summary><c>purser run</c> sessions in the shared PostgreSQL database (migration 3).</summary>
internal sealed class PostgresSessionStore(PostgresDatabase database) : SqlSessionStore(database);
