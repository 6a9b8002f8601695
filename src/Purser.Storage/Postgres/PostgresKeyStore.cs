using Purser.Storage.Sql;

namespace Purser.Storage.Postgres;

/// <summary>Virtual keys in the shared PostgreSQL database.</summary>
internal sealed class PostgresKeyStore(PostgresDatabase database) : SqlKeyStore(database);
