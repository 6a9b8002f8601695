using Purser.Storage.Postgres;

namespace Purser.Assistant.Repositories;

/// <summary>Repositories in the shared PostgreSQL database.</summary>
public sealed class PostgresRepositoryStore(PostgresDatabase database) : SqlRepositoryStore(database);
