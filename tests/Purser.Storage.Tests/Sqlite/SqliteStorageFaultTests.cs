using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Purser.Errors;
using Purser.Ledger;
using Purser.Storage.Sqlite;

namespace Purser.Storage.Tests.Sqlite;

/// <summary>Disk full, a deleted and a replaced database file, against the real SQLite store and the ledger writer.</summary>
public sealed class SqliteStorageFaultTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void CheckFile_FileStillThere_IsNull()
    {
        using var temp = new TempDatabase();

        temp.Database.CheckFile().ShouldBeNull();
        using SqliteConnection connection = temp.Database.Open();
    }

    [Fact]
    public void CheckFile_FileDeleted_IsReportedAndTheDatabaseRefusesFromThenOn()
    {
        using var temp = new TempDatabase();
        File.Delete(temp.Database.Path);

        temp.Database.CheckFile()!.ShouldContain("was deleted");
        temp.Database.Lost.ShouldNotBeNull();
        Should.Throw<StorageUnavailableException>(() => temp.Database.Open()).Message.ShouldContain("Restart Purser");
        File.Exists(temp.Database.Path).ShouldBeFalse(); // no empty database was created in its place
    }

    [Fact]
    public void CheckFile_FileReplacedByAnother_IsReported()
    {
        using var temp = new TempDatabase();
        using var other = new TempDatabase();
        other.Database.Dispose();
        SqliteConnection.ClearAllPools();

        File.Move(other.Database.Path, temp.Database.Path, overwrite: true); // a restore from a backup, say

        temp.Database.CheckFile()!.ShouldContain("replaced");
    }

    [Fact]
    public async Task LedgerStore_DeletedFile_CheckIdentityTellsTheWriterBeforeItWritesToTheOldFile()
    {
        using var temp = new TempDatabase();
        using var store = new SqliteLedgerStore(temp.Database);
        await store.AppendAsync([Entry("before")], CancellationToken.None);

        File.Delete(temp.Database.Path);

        (await store.CheckIdentityAsync(CancellationToken.None))!.ShouldContain("deleted");
    }

    [Fact]
    public async Task MaxSize_Reached_WritesFailAsOnAFullDisk()
    {
        using var temp = new TempDatabase();
        using var full = new SqliteDatabase(temp.Database.Path, maxSizeBytes: 1); // no room to grow: a full disk
        using var store = new SqliteLedgerStore(full);

        var ex = await Should.ThrowAsync<SqliteException>(() => FillAsync(store, 10_000));

        ex.SqliteErrorCode.ShouldBe(13); // SQLITE_FULL, as a full disk gives
    }

    [Fact]
    public async Task LedgerWriter_DiskFullThenRoomAgain_SpooledRowsAreWrittenOnce_NoneLost()
    {
        string folder = Path.Combine(Path.GetTempPath(), "purser-storage-" + Guid.NewGuid().ToString("N"));
        string path = Path.Combine(folder, "purser.db");
        string spool = Path.Combine(folder, "ledger-spool");
        var acknowledged = new List<string>();
        try
        {
            new SqliteDatabase(path).Dispose(); // the schema first
            using (var full = new SqliteDatabase(path, maxSizeBytes: 1)) // then no room to grow: a full disk
            using (var store = new SqliteLedgerStore(full))
            await using (var writer = new LedgerWriter(store, new LedgerOptions { Durability = LedgerDurability.Fast, WriteAttempts = 1, SpoolFolder = spool }, NullLogger<LedgerWriter>.Instance))
            {
                for (int i = 0; i < 400 && writer.Status.State == LedgerState.Healthy; i++)
                {
                    acknowledged.Add("r" + i);
                    (await writer.AppendAsync(Entry("r" + i))).ShouldBeTrue();
                    await writer.FlushAsync();
                }

                writer.Status.State.ShouldBe(LedgerState.Failing);
                writer.Status.Problem!.ShouldContain("full");
                for (int i = 0; i < 30; i++)
                {
                    acknowledged.Add("late" + i);
                    (await writer.AppendAsync(Entry("late" + i))).ShouldBeTrue(); // fast: the spool keeps them
                }

                await writer.FlushAsync();
                Directory.GetFiles(spool).ShouldNotBeEmpty();
            }

            SqliteConnection.ClearAllPools();

            // Room again (restarted without the cap): the next writer writes what was set aside before it starts.
            using var roomy = new SqliteDatabase(path);
            using (var again = new SqliteLedgerStore(roomy))
            await using (var restarted = new LedgerWriter(again, new LedgerOptions { SpoolFolder = spool }, NullLogger<LedgerWriter>.Instance))
            {
                restarted.Status.State.ShouldBe(LedgerState.Healthy);
            }

            RequestIds(roomy).Order(StringComparer.Ordinal).ShouldBe(acknowledged.Order(StringComparer.Ordinal)); // every row, once
            Directory.GetFiles(spool).ShouldBeEmpty();
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static List<string> RequestIds(SqliteDatabase database)
    {
        using SqliteConnection connection = database.Open();
        using SqliteCommand ids = connection.CreateCommand();
        ids.CommandText = "SELECT request_id FROM ledger";
        var recorded = new List<string>();
        using SqliteDataReader reader = ids.ExecuteReader();
        while (reader.Read())
        {
            recorded.Add(reader.GetString(0));
        }

        return recorded;
    }

    private static async Task FillAsync(SqliteLedgerStore store, int rows)
    {
        for (int i = 0; i < rows; i += 100)
        {
            await store.AppendAsync([.. Enumerable.Range(i, 100).Select(n => Entry("fill" + n))], CancellationToken.None);
        }
    }

    private static LedgerEntry Entry(string id) => new()
    {
        RequestId = id,
        Timestamp = T0,
        Provider = "openai",
        Model = "gpt-4o",
        Deployment = "openai/gpt-4o",
        InputTokens = 1000,
        OutputTokens = 500,
        CostUsd = 0.0125m,
        Attempts = 1,
        Status = 200,
        ErrorMessage = new string('x', 200),
    };
}
