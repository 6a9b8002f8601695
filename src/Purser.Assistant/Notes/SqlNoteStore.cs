using System.Data.Common;
using System.Text;
using Purser.Storage.Sql;

namespace Purser.Assistant.Notes;

/// <summary>Notes (tables <c>notes</c>, <c>note_tags</c>; tags compared without regard to case).</summary>
internal abstract class SqlNoteStore(ISqlDatabase database) : INoteStore
{
    private string Select => database.Dialect.IsPostgres
        ? "SELECT n.id, n.text, n.status, n.created_ms, n.updated_ms, (SELECT string_agg(tag, ',' ORDER BY lower(tag) COLLATE \"C\") FROM note_tags t WHERE t.note_id = n.id) FROM notes n"
        : "SELECT n.id, n.text, n.status, n.created_ms, n.updated_ms, (SELECT group_concat(tag, ',') FROM (SELECT tag FROM note_tags t WHERE t.note_id = n.id ORDER BY tag)) FROM notes n";

    /// <summary>A tag column compared without regard to case.</summary>
    private string Tag(string column) => database.Dialect.IsPostgres ? $"lower({column})" : column;

    private string Like => database.Dialect.IsPostgres ? "ILIKE" : "LIKE";

    public Task<Note> AddAsync(string text, IReadOnlyList<string> tags, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tags);
        using DbConnection connection = database.OpenConnection();
        using DbTransaction transaction = connection.BeginTransaction();
        long id;
        using (DbCommand insert = connection.Command("INSERT INTO notes (text, status, created_ms, updated_ms) VALUES (@text, 'inbox', @at, @at) RETURNING id;", transaction)
            .Text("@text", text).Long("@at", at.ToUnixTimeMilliseconds()))
        {
            id = Convert.ToInt64(insert.ExecuteScalar()!, System.Globalization.CultureInfo.InvariantCulture);
        }

        string[] clean = [.. tags.Select(t => t.Trim()).Where(t => t.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase)];
        foreach (string tag in clean)
        {
            using DbCommand insertTag = connection.Command("INSERT INTO note_tags (note_id, tag) VALUES (@id, @tag) ON CONFLICT DO NOTHING;", transaction)
                .Long("@id", id).Text("@tag", tag);
            insertTag.ExecuteNonQuery();
        }

        transaction.Commit();
        return Task.FromResult(new Note { Id = id, Text = text, Status = NoteStatus.Inbox, Tags = [.. clean.Order(StringComparer.OrdinalIgnoreCase)], CreatedAt = at, UpdatedAt = at });
    }

    public Task<IReadOnlyList<Note>> ListAsync(string? tag, NoteStatus? status, CancellationToken cancellationToken)
    {
        using DbConnection connection = database.OpenConnection();
        using DbCommand command = connection.Command(Select + $"""
             WHERE (@status IS NULL OR n.status = @status)
               AND (@tag IS NULL OR EXISTS (SELECT 1 FROM note_tags t WHERE t.note_id = n.id AND {Tag("t.tag")} = {Tag("@tag")}))
             ORDER BY n.id DESC;
            """).Text("@status", status?.ToName()).Text("@tag", tag?.Trim());
        return Task.FromResult<IReadOnlyList<Note>>(ReadAll(command));
    }

    public Task<IReadOnlyList<Note>> SearchAsync(IReadOnlyList<string> words, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(words);
        string[] terms = [.. words.SelectMany(w => w.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Where(w => w.Length > 0)];
        if (terms.Length == 0)
        {
            return Task.FromResult<IReadOnlyList<Note>>([]);
        }

        using DbConnection connection = database.OpenConnection();
        using DbCommand command = connection.CreateCommand();
        var sql = new StringBuilder(Select).Append(" WHERE 1 = 1");
        for (int i = 0; i < terms.Length; i++)
        {
            sql.Append($" AND (n.text {Like} @w{i} ESCAPE '\\' OR EXISTS (SELECT 1 FROM note_tags t WHERE t.note_id = n.id AND t.tag {Like} @w{i} ESCAPE '\\'))");
            command.Text($"@w{i}", "%" + EscapeLike(terms[i]) + "%");
        }

        command.CommandText = sql.Append(" ORDER BY n.id DESC;").ToString();
        List<Note> notes = ReadAll(command);

        // Most occurrences of the words first; newest first among equals (the order is stable).
        return Task.FromResult<IReadOnlyList<Note>>([.. notes.OrderByDescending(n => terms.Sum(t => Occurrences(n, t)))]);
    }

    public Task<Note?> GetAsync(long id, CancellationToken cancellationToken)
    {
        using DbConnection connection = database.OpenConnection();
        using DbCommand command = connection.Command(Select + " WHERE n.id = @id;").Long("@id", id);
        return Task.FromResult(ReadAll(command).FirstOrDefault());
    }

    public async Task<Note?> SetStatusAsync(long id, NoteStatus status, DateTimeOffset at, CancellationToken cancellationToken)
    {
        using (DbConnection connection = database.OpenConnection())
        using (DbCommand command = connection.Command("UPDATE notes SET status = @status, updated_ms = @at WHERE id = @id;")
            .Text("@status", status.ToName()).Long("@at", at.ToUnixTimeMilliseconds()).Long("@id", id))
        {
            if (command.ExecuteNonQuery() == 0)
            {
                return null;
            }
        }

        return await GetAsync(id, cancellationToken);
    }

    public Task<IReadOnlyDictionary<NoteStatus, long>> CountsAsync(CancellationToken cancellationToken)
    {
        using DbConnection connection = database.OpenConnection();
        using DbCommand command = connection.Command("SELECT status, COUNT(*) FROM notes GROUP BY status;");
        var counts = new Dictionary<NoteStatus, long> { [NoteStatus.Inbox] = 0, [NoteStatus.Active] = 0, [NoteStatus.Done] = 0 };
        using DbDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            if (NoteStatuses.TryParse(reader.GetString(0), out NoteStatus status))
            {
                counts[status] = reader.GetInt64(1);
            }
        }

        return Task.FromResult<IReadOnlyDictionary<NoteStatus, long>>(counts);
    }

    private static List<Note> ReadAll(DbCommand command)
    {
        var notes = new List<Note>();
        using DbDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            NoteStatuses.TryParse(reader.GetString(2), out NoteStatus status);
            notes.Add(new Note
            {
                Id = reader.GetInt64(0),
                Text = reader.GetString(1),
                Status = status,
                CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
                UpdatedAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
                Tags = reader.IsDBNull(5) ? [] : reader.GetString(5).Split(','),
            });
        }

        return notes;
    }

    private static string EscapeLike(string term) =>
        term.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    private static int Occurrences(Note note, string term)
    {
        int count = 0;
        string text = note.Text + " " + string.Join(' ', note.Tags);
        int at = 0;
        while ((at = text.IndexOf(term, at, StringComparison.OrdinalIgnoreCase)) >= 0)
        {
            count++;
            at += term.Length;
        }

        return count;
    }
}
