using Purser.Storage.Postgres;

namespace Purser.Assistant.Notes;

/// <summary>Notes in the shared PostgreSQL database.</summary>
public sealed class PostgresNoteStore(PostgresDatabase database) : SqlNoteStore(database);
