using Purser.Storage.Sql;

namespace Purser.Storage.Sqlite;

/// <summary>Conversation state of Responses calls in the embedded database.</summary>
public sealed class SqliteResponseStore(SqliteDatabase database) : SqlResponseStore(database);
