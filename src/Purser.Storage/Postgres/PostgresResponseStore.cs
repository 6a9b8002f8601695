using Purser.Storage.Sql;

namespace Purser.Storage.Postgres;

/// <summary>Conversation state of Responses calls in the shared PostgreSQL database.</summary>
internal sealed class PostgresResponseStore(PostgresDatabase database) : SqlResponseStore(database);
