using Purser.Storage.Postgres;

namespace Purser.Assistant.Repositories;

/// <summary>Repositories in the shared PostgreSQL database.</summary>
internal sealed class PostgresRepositoryStore(PostgresDatabase database) : SqlRepositoryStore(database);
