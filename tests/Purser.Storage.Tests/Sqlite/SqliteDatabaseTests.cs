using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Purser.Storage.Sqlite;

namespace Purser.Storage.Tests.Sqlite;

public sealed class SqliteDatabaseTests
{
    [Fact]
    public void Commit_PastAThousandWalPages_LeavesTheCheckpointToTheBackground()
    {
        // Issue 16: with SQLite's default auto-checkpoint the commit that takes the WAL past 1,000 pages copies them into
        // the database file and syncs it before it returns. Here no commit may do that; the background checkpoint does.
        string folder = Path.Combine(Path.GetTempPath(), "purser-storage-" + Guid.NewGuid().ToString("N"));
        string path = Path.Combine(folder, "purser.db");
        var time = new FakeTimeProvider();
        try
        {
            using (var database = new SqliteDatabase(path, time: time))
            {
                using SqliteConnection connection = database.Open();
                using (SqliteCommand create = connection.CreateCommand())
                {
                    create.CommandText = "CREATE TABLE bulk (payload BLOB NOT NULL);";
                    create.ExecuteNonQuery();
                }

                long fileBefore = new FileInfo(path).Length;
                for (int i = 0; i < 1_500; i++)
                {
                    using SqliteCommand insert = connection.CreateCommand();
                    insert.CommandText = "INSERT INTO bulk VALUES (randomblob(4000));";
                    insert.ExecuteNonQuery();
                }

                new FileInfo(path + "-wal").Length.ShouldBeGreaterThan(1_000L * 4096);
                new FileInfo(path).Length.ShouldBe(fileBefore);

                time.Advance(SqliteCheckpointer.Period);
                new FileInfo(path).Length.ShouldBeGreaterThan(1_400L * 4000);
                database.CheckpointNow().ShouldBeTrue();
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Open_Twice_AppliesEachMigrationOnceInWalMode()
    {
        using var temp = new TempDatabase();
        var again = new SqliteDatabase(temp.Database.Path);

        using SqliteConnection connection = again.Open();
        using SqliteCommand count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*), MAX(version) FROM schema_migrations;";
        using SqliteDataReader reader = count.ExecuteReader();
        reader.Read();
        reader.GetInt64(0).ShouldBe(SqliteMigrations.All.Count);
        reader.GetInt64(1).ShouldBe(again.SchemaVersion);
        using SqliteCommand mode = connection.CreateCommand();
        mode.CommandText = "PRAGMA journal_mode;";
        ((string)mode.ExecuteScalar()!).ShouldBe("wal");
    }

    [Fact]
    public void Open_DatabaseFromANewerPurser_RefusesWithAClearMessage()
    {
        using var temp = new TempDatabase();
        using (SqliteConnection connection = temp.Database.Open())
        {
            using SqliteCommand future = connection.CreateCommand();
            future.CommandText = "INSERT INTO schema_migrations VALUES (999, 'future', 'x');";
            future.ExecuteNonQuery();
        }

        Should.Throw<InvalidOperationException>(() => new SqliteDatabase(temp.Database.Path)).Message.ShouldContain("newer");
    }

    [Fact]
    public void Ledger_IsAppendOnly()
    {
        using var temp = new TempDatabase();
        using SqliteConnection connection = temp.Database.Open();
        using (SqliteCommand insert = connection.CreateCommand())
        {
            insert.CommandText = """
                INSERT INTO ledger (ts_ms, request_id, operation, input_tokens, cached_tokens, cache_write_tokens, output_tokens, reasoning_tokens,
                    total_tokens, cost_estimated, tokens_saved, latency_ms, status, outcome, attempts, cache_hit, stream)
                VALUES (1, 'r', 'chat', 1, 0, 0, 1, 0, 2, 0, 0, 1.0, 200, 'ok', 1, 0, 0);
                """;
            insert.ExecuteNonQuery();
        }

        using SqliteCommand update = connection.CreateCommand();
        update.CommandText = "UPDATE ledger SET cost_pico = 0;";
        Should.Throw<SqliteException>(() => update.ExecuteNonQuery()).Message.ShouldContain("append-only");
        using SqliteCommand delete = connection.CreateCommand();
        delete.CommandText = "DELETE FROM ledger;";
        Should.Throw<SqliteException>(() => delete.ExecuteNonQuery()).Message.ShouldContain("append-only");
    }
}
