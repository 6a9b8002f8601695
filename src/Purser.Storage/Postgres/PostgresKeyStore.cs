using Purser.Storage.Sql;

namespace Purser.Storage.Postgres;

/// <summary>Virtual keys in the shared PostgreSQL database.</summary>
public sealed class PostgresKeyStore(PostgresDatabase database) : SqlKeyStore(database);
