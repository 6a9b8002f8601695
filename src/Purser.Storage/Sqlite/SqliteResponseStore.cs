using Purser.Storage.Sql;

namespace Purser.Storage.Sqlite;

/// <summary>Conversation state of Responses calls in the embedded database.</summary>
internal sealed class SqliteResponseStore(SqliteDatabase database) : SqlResponseStore(database);
