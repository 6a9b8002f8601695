using Microsoft.Data.Sqlite;
using Purser.Storage.Sqlite;

namespace Purser.Assistant.Repositories;

/// <summary>Repositories in the embedded SQLite database (tables <c>repositories</c>, <c>repository_files</c>).</summary>
internal sealed class SqliteRepositoryStore(SqliteDatabase database) : IRepositoryStore
{
    private const string Select = """
        SELECT r.id, r.name, r.root, r.added_ms, r.scanned_ms,
            (SELECT COUNT(*) FROM repository_files f WHERE f.repository_id = r.id),
            (SELECT COALESCE(SUM(lines), 0) FROM repository_files f WHERE f.repository_id = r.id),
            (SELECT COALESCE(SUM(bytes), 0) FROM repository_files f WHERE f.repository_id = r.id)
        FROM repositories r
        """;

    public Task<RepositoryRecord?> AddAsync(string name, string root, DateTimeOffset at, CancellationToken cancellationToken)
    {
        using SqliteConnection connection = database.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "INSERT INTO repositories (name, root, added_ms) VALUES ($name, $root, $at) ON CONFLICT DO NOTHING RETURNING id;";
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$root", root);
        command.Parameters.AddWithValue("$at", at.ToUnixTimeMilliseconds());
        return Task.FromResult(command.ExecuteScalar() is long id ? new RepositoryRecord { Id = id, Name = name, Root = root, AddedAt = at } : null);
    }

    public Task<IReadOnlyList<RepositoryRecord>> ListAsync(CancellationToken cancellationToken)
    {
        using SqliteConnection connection = database.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = Select + " ORDER BY r.name COLLATE NOCASE;";
        return Task.FromResult<IReadOnlyList<RepositoryRecord>>(ReadAll(command));
    }

    public Task<RepositoryRecord?> FindAsync(string nameOrRoot, CancellationToken cancellationToken)
    {
        using SqliteConnection connection = database.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = Select + " WHERE r.name = $key COLLATE NOCASE OR r.root = $key LIMIT 1;";
        command.Parameters.AddWithValue("$key", nameOrRoot);
        return Task.FromResult(ReadAll(command).FirstOrDefault());
    }

    public Task<bool> RemoveAsync(long id, CancellationToken cancellationToken)
    {
        using SqliteConnection connection = database.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "DELETE FROM repositories WHERE id = $id;";
        command.Parameters.AddWithValue("$id", id);
        return Task.FromResult(command.ExecuteNonQuery() > 0);
    }

    public Task SaveScanAsync(long id, IReadOnlyList<RepositoryFile> files, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(files);
        using SqliteConnection connection = database.Open();
        using SqliteTransaction transaction = connection.BeginTransaction();
        using (SqliteCommand clear = connection.CreateCommand())
        {
            clear.Transaction = transaction;
            clear.CommandText = "DELETE FROM repository_files WHERE repository_id = $id; UPDATE repositories SET scanned_ms = $at WHERE id = $id;";
            clear.Parameters.AddWithValue("$id", id);
            clear.Parameters.AddWithValue("$at", at.ToUnixTimeMilliseconds());
            clear.ExecuteNonQuery();
        }

        using SqliteCommand insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO repository_files (repository_id, path, language, bytes, lines, is_binary, modified_ms) VALUES ($id, $path, $lang, $bytes, $lines, $binary, $modified);";
        SqliteParameter path = insert.Parameters.Add("$path", SqliteType.Text);
        SqliteParameter language = insert.Parameters.Add("$lang", SqliteType.Text);
        SqliteParameter bytes = insert.Parameters.Add("$bytes", SqliteType.Integer);
        SqliteParameter lines = insert.Parameters.Add("$lines", SqliteType.Integer);
        SqliteParameter binary = insert.Parameters.Add("$binary", SqliteType.Integer);
        SqliteParameter modified = insert.Parameters.Add("$modified", SqliteType.Integer);
        insert.Parameters.AddWithValue("$id", id);
        foreach (RepositoryFile file in files)
        {
            path.Value = file.Path;
            language.Value = (object?)file.Language ?? DBNull.Value;
            bytes.Value = file.Bytes;
            lines.Value = file.Lines;
            binary.Value = file.IsBinary ? 1 : 0;
            modified.Value = file.Modified.ToUnixTimeMilliseconds();
            insert.ExecuteNonQuery();
        }

        transaction.Commit();
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<RepositoryFile>> FilesAsync(long id, string? language, CancellationToken cancellationToken)
    {
        using SqliteConnection connection = database.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT path, language, bytes, lines, is_binary, modified_ms FROM repository_files WHERE repository_id = $id AND ($lang IS NULL OR language = $lang) ORDER BY path;";
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$lang", (object?)language ?? DBNull.Value);
        var files = new List<RepositoryFile>();
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            files.Add(new RepositoryFile(
                reader.GetString(0),
                reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.GetInt64(2),
                reader.GetInt64(3),
                reader.GetInt64(4) != 0,
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5))));
        }

        return Task.FromResult<IReadOnlyList<RepositoryFile>>(files);
    }

    private static List<RepositoryRecord> ReadAll(SqliteCommand command)
    {
        var result = new List<RepositoryRecord>();
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            result.Add(new RepositoryRecord
            {
                Id = reader.GetInt64(0),
                Name = reader.GetString(1),
                Root = reader.GetString(2),
                AddedAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
                ScannedAt = reader.IsDBNull(4) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
                Files = reader.GetInt64(5),
                Lines = reader.GetInt64(6),
                Bytes = reader.GetInt64(7),
            });
        }

        return result;
    }
}
