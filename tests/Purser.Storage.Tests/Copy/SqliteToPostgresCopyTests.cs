using System.Data.Common;
using Purser.Storage.Copy;
using Purser.Storage.Sql;
using Purser.Storage.Tests.Sqlite;

namespace Purser.Storage.Tests.Copy;

/// <summary><c>purser db copy</c> leaves no table of a SQLite file behind: a table a later migration adds must be copied, or be named here.</summary>
public sealed class SqliteToPostgresCopyTests
{
    /// <summary>The ledger (copied through the ledger store, which derives its attempts, tags and rollups), and each database's own migrations.</summary>
    private static readonly string[] NotCopiedAsTables = ["ledger", "ledger_attempts", "ledger_tags", "ledger_rollup", "schema_migrations"];

    [Fact]
    public void Tables_CoverEveryTableOfTheSqliteSchema()
    {
        using var temp = new TempDatabase();
        var tables = new List<string>();
        using (DbConnection connection = temp.Database.OpenConnection())
        using (DbCommand command = connection.Command("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name;"))
        using (DbDataReader reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }

        tables.ShouldNotBeEmpty();
        tables.Except(NotCopiedAsTables).Except(SqliteToPostgresCopy.Tables.Select(t => t.Table)).ShouldBeEmpty("tables purser db copy would leave behind");
    }
}
