using Purser.Storage.Sqlite;

namespace Purser.Assistant.Templates;

/// <summary>Learned templates in the embedded database.</summary>
internal sealed class SqliteTemplateStore(SqliteDatabase database) : SqlTemplateStore(database);
