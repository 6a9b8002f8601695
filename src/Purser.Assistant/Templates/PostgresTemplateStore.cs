using Purser.Storage.Postgres;

namespace Purser.Assistant.Templates;

/// <summary>Learned templates in the shared PostgreSQL database.</summary>
internal sealed class PostgresTemplateStore(PostgresDatabase database) : SqlTemplateStore(database);
