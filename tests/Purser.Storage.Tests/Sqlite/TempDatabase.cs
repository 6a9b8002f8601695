using Purser.Storage.Sqlite;

namespace Purser.Storage.Tests.Sqlite;

/// <summary>A fresh SQLite file in a temporary folder, deleted afterwards.</summary>
internal sealed class TempDatabase : IDisposable
{
    public TempDatabase()
    {
        Folder = Path.Combine(Path.GetTempPath(), "purser-storage-" + Guid.NewGuid().ToString("N"));
        Database = new SqliteDatabase(Path.Combine(Folder, "purser.db"));
    }

    public string Folder { get; }

    public SqliteDatabase Database { get; }

    public void Dispose()
    {
        Database.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
