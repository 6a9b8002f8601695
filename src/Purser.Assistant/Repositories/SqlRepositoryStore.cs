using System.Data.Common;
using Purser.Storage.Sql;

namespace Purser.Assistant.Repositories;

/// <summary>Repositories (tables <c>repositories</c>, <c>repository_files</c>; names compared without regard to case).</summary>
internal abstract class SqlRepositoryStore(ISqlDatabase database) : IRepositoryStore
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
        using DbConnection connection = database.OpenConnection();
        using DbCommand command = connection.Command("INSERT INTO repositories (name, root, added_ms) VALUES (@name, @root, @at) ON CONFLICT DO NOTHING RETURNING id;")
            .Text("@name", name).Text("@root", root).Long("@at", at.ToUnixTimeMilliseconds());
        return Task.FromResult(command.ExecuteScalar() is long id ? new RepositoryRecord { Id = id, Name = name, Root = root, AddedAt = at } : null);
    }

    public Task<IReadOnlyList<RepositoryRecord>> ListAsync(CancellationToken cancellationToken)
    {
        using DbConnection connection = database.OpenConnection();
        using DbCommand command = connection.Command(Select + (database.Dialect.IsPostgres ? " ORDER BY lower(r.name) COLLATE \"C\";" : " ORDER BY r.name COLLATE NOCASE;"));
        return Task.FromResult<IReadOnlyList<RepositoryRecord>>(ReadAll(command));
    }

    public Task<RepositoryRecord?> FindAsync(string nameOrRoot, CancellationToken cancellationToken)
    {
        using DbConnection connection = database.OpenConnection();
        using DbCommand command = connection.Command(Select + (database.Dialect.IsPostgres
            ? " WHERE lower(r.name) = lower(@key) OR r.root = @key LIMIT 1;"
            : " WHERE r.name = @key COLLATE NOCASE OR r.root = @key LIMIT 1;")).Text("@key", nameOrRoot);
        return Task.FromResult(ReadAll(command).FirstOrDefault());
    }

    public Task<bool> RemoveAsync(long id, CancellationToken cancellationToken)
    {
        using DbConnection connection = database.OpenConnection();
        using DbCommand command = connection.Command("DELETE FROM repositories WHERE id = @id;").Long("@id", id);
        return Task.FromResult(command.ExecuteNonQuery() > 0);
    }

    public Task SaveScanAsync(long id, IReadOnlyList<RepositoryFile> files, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(files);
        using DbConnection connection = database.OpenConnection();
        using DbTransaction transaction = connection.BeginTransaction();
        using (DbCommand clear = connection.Command("DELETE FROM repository_files WHERE repository_id = @id;", transaction).Long("@id", id))
        {
            clear.ExecuteNonQuery();
        }

        using (DbCommand scanned = connection.Command("UPDATE repositories SET scanned_ms = @at WHERE id = @id;", transaction).Long("@id", id).Long("@at", at.ToUnixTimeMilliseconds()))
        {
            scanned.ExecuteNonQuery();
        }

        using DbCommand insert = connection.Command("INSERT INTO repository_files (repository_id, path, language, bytes, lines, is_binary, modified_ms) VALUES (@id, @path, @lang, @bytes, @lines, @binary, @modified);", transaction)
            .Long("@id", id).Text("@path", null).Text("@lang", null).Long("@bytes", 0).Long("@lines", 0).Flag("@binary", false).Long("@modified", 0);
        insert.Prepare();
        foreach (RepositoryFile file in files)
        {
            insert.Parameters["@path"].Value = file.Path;
            insert.Parameters["@lang"].Value = (object?)file.Language ?? DBNull.Value;
            insert.Parameters["@bytes"].Value = file.Bytes;
            insert.Parameters["@lines"].Value = file.Lines;
            insert.Parameters["@binary"].Value = file.IsBinary ? (short)1 : (short)0;
            insert.Parameters["@modified"].Value = file.Modified.ToUnixTimeMilliseconds();
            insert.ExecuteNonQuery();
        }

        transaction.Commit();
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<RepositoryFile>> FilesAsync(long id, string? language, CancellationToken cancellationToken)
    {
        using DbConnection connection = database.OpenConnection();
        using DbCommand command = connection.Command($"SELECT path, language, bytes, lines, is_binary, modified_ms FROM repository_files WHERE repository_id = @id AND (@lang IS NULL OR language = @lang) ORDER BY path{(database.Dialect.IsPostgres ? " COLLATE \"C\"" : "")};")
            .Long("@id", id).Text("@lang", language);
        var files = new List<RepositoryFile>();
        using DbDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            files.Add(new RepositoryFile(
                reader.GetString(0),
                reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.GetInt64(2),
                reader.GetInt64(3),
                reader.Flag(4),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5))));
        }

        return Task.FromResult<IReadOnlyList<RepositoryFile>>(files);
    }

    private static List<RepositoryRecord> ReadAll(DbCommand command)
    {
        var result = new List<RepositoryRecord>();
        using DbDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            result.Add(new RepositoryRecord
            {
                Id = reader.GetInt64(0),
                Name = reader.GetString(1),
                Root = reader.GetString(2),
                AddedAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
                ScannedAt = reader.IsDBNull(4) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
                Files = reader.LongOrZero(5),
                Lines = reader.LongOrZero(6),
                Bytes = reader.LongOrZero(7),
            });
        }

        return result;
    }
}
