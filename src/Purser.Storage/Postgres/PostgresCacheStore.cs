using Purser.Storage.Sql;

namespace Purser.Storage.Postgres;

/// <summary>Cache entries in the shared PostgreSQL database: every instance reads what any of them stored.</summary>
internal sealed class PostgresCacheStore(PostgresDatabase database) : SqlCacheStore(database);
