using Purser.Storage.Postgres;

namespace Purser.Assistant.Notes;

/// <summary>Notes in the shared PostgreSQL database.</summary>
internal sealed class PostgresNoteStore(PostgresDatabase database) : SqlNoteStore(database);
