using System.Text.Json;
using Microsoft.Data.Sqlite;
using Purser.Pricing;
using Purser.Storage;
using Purser.Storage.Sqlite;

namespace Purser.Assistant.Templates;

/// <summary>Learned templates in the embedded SQLite database (tables <c>templates</c> and <c>template_history</c>, migration 8).</summary>
internal sealed class SqliteTemplateStore(SqliteDatabase database) : ITemplateStore
{
    private const string Columns = "id, signature, operation, language, stack, task, pattern, parameters, code, score, source_model, source_cost_pico, version, created_ms, updated_ms, uses, saved_pico, last_used_ms";

    public Task<IReadOnlyList<LearnedTemplate>> CandidatesAsync(string operation, string language, string stack, CancellationToken cancellationToken) =>
        Task.FromResult(Query(
            $"SELECT {Columns} FROM templates WHERE operation = $op AND language = $lang AND stack = $stack ORDER BY score DESC, uses DESC, id;",
            c =>
            {
                c.Parameters.AddWithValue("$op", operation);
                c.Parameters.AddWithValue("$lang", language);
                c.Parameters.AddWithValue("$stack", stack);
            }));

    public Task<LearnedTemplate?> FindBySignatureAsync(string signature, CancellationToken cancellationToken) =>
        Task.FromResult(Query($"SELECT {Columns} FROM templates WHERE signature = $sig;", c => c.Parameters.AddWithValue("$sig", signature)).FirstOrDefault());

    public Task<LearnedTemplate?> GetAsync(long id, CancellationToken cancellationToken) =>
        Task.FromResult(Query($"SELECT {Columns} FROM templates WHERE id = $id;", c => c.Parameters.AddWithValue("$id", id)).FirstOrDefault());

    public Task<IReadOnlyList<LearnedTemplate>> ListAsync(CancellationToken cancellationToken) =>
        Task.FromResult(Query($"SELECT {Columns} FROM templates ORDER BY uses DESC, id;", _ => { }));

    public Task<LearnedTemplate> AddAsync(LearnedTemplate template, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(template);
        using SqliteConnection connection = database.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO templates (signature, operation, language, stack, task, pattern, parameters, code, score, source_model, source_cost_pico,
                version, created_ms, updated_ms, uses, saved_pico, last_used_ms)
            VALUES ($sig, $op, $lang, $stack, $task, $pattern, $params, $code, $score, $model, $cost, $version, $created, $updated, $uses, $saved, $last)
            RETURNING id;
            """;
        command.Parameters.AddWithValue("$sig", template.Signature);
        command.Parameters.AddWithValue("$op", template.Operation);
        command.Parameters.AddWithValue("$lang", template.Language);
        command.Parameters.AddWithValue("$stack", template.Stack);
        command.Parameters.AddWithValue("$created", template.CreatedAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$uses", template.Uses);
        command.Parameters.AddWithValue("$saved", Money.ToPico(template.SavedUsd) ?? 0);
        command.Parameters.AddWithValue("$last", (object?)template.LastUsedAt?.ToUnixTimeMilliseconds() ?? DBNull.Value);
        command.Parameters.AddWithValue("$version", template.Version);
        AddContent(command, template);
        long id = (long)command.ExecuteScalar()!;
        return Task.FromResult(template with { Id = id });
    }

    public Task<LearnedTemplate?> ReplaceAsync(long id, LearnedTemplate replacement, string reason, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(replacement);
        using SqliteConnection connection = database.Open();
        using SqliteTransaction transaction = connection.BeginTransaction();
        using (SqliteCommand history = connection.CreateCommand())
        {
            history.Transaction = transaction;
            history.CommandText = """
                INSERT INTO template_history (template_id, version, task, parameters, code, score, source_model, source_cost_pico, replaced_ms, reason)
                SELECT id, version, task, parameters, code, score, source_model, source_cost_pico, $at, $reason FROM templates WHERE id = $id;
                """;
            history.Parameters.AddWithValue("$id", id);
            history.Parameters.AddWithValue("$at", at.ToUnixTimeMilliseconds());
            history.Parameters.AddWithValue("$reason", reason);
            if (history.ExecuteNonQuery() == 0)
            {
                return Task.FromResult<LearnedTemplate?>(null);
            }
        }

        using (SqliteCommand update = connection.CreateCommand())
        {
            update.Transaction = transaction;
            update.CommandText = """
                UPDATE templates SET signature = $sig, task = $task, pattern = $pattern, parameters = $params, code = $code, score = $score,
                    source_model = $model, source_cost_pico = $cost, version = version + 1, updated_ms = $updated
                WHERE id = $id;
                """;
            update.Parameters.AddWithValue("$id", id);
            update.Parameters.AddWithValue("$sig", replacement.Signature);
            AddContent(update, replacement with { UpdatedAt = at });
            update.ExecuteNonQuery();
        }

        transaction.Commit();
        return GetAsync(id, cancellationToken);
    }

    public Task<bool> DeleteAsync(long id, CancellationToken cancellationToken)
    {
        using SqliteConnection connection = database.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "DELETE FROM templates WHERE id = $id;";
        command.Parameters.AddWithValue("$id", id);
        return Task.FromResult(command.ExecuteNonQuery() > 0);
    }

    public Task RecordUseAsync(long id, decimal? savedUsd, DateTimeOffset at, CancellationToken cancellationToken)
    {
        using SqliteConnection connection = database.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "UPDATE templates SET uses = uses + 1, saved_pico = saved_pico + $saved, last_used_ms = $at WHERE id = $id;";
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$saved", Money.ToPico(savedUsd) ?? 0);
        command.Parameters.AddWithValue("$at", at.ToUnixTimeMilliseconds());
        command.ExecuteNonQuery();
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<TemplateVersion>> HistoryAsync(long id, CancellationToken cancellationToken)
    {
        using SqliteConnection connection = database.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = """
            SELECT version, task, parameters, code, score, source_model, source_cost_pico, replaced_ms, reason
            FROM template_history WHERE template_id = $id ORDER BY version DESC;
            """;
        command.Parameters.AddWithValue("$id", id);
        var versions = new List<TemplateVersion>();
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            versions.Add(new TemplateVersion(
                id,
                reader.GetInt32(0),
                reader.GetString(1),
                ReadParameters(reader.GetString(2)),
                reader.GetString(3),
                reader.GetInt32(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : Money.FromPico(reader.GetInt64(6)),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(7)),
                reader.GetString(8)));
        }

        return Task.FromResult<IReadOnlyList<TemplateVersion>>(versions);
    }

    private static void AddContent(SqliteCommand command, LearnedTemplate template)
    {
        command.Parameters.AddWithValue("$task", template.Task);
        command.Parameters.AddWithValue("$pattern", template.Pattern);
        command.Parameters.AddWithValue("$params", WriteParameters(template.Parameters));
        command.Parameters.AddWithValue("$code", template.Code);
        command.Parameters.AddWithValue("$score", template.Score);
        command.Parameters.AddWithValue("$model", (object?)template.SourceModel ?? DBNull.Value);
        command.Parameters.AddWithValue("$cost", (object?)Money.ToPico(template.SourceCostUsd) ?? DBNull.Value);
        command.Parameters.AddWithValue("$updated", template.UpdatedAt.ToUnixTimeMilliseconds());
    }

    private IReadOnlyList<LearnedTemplate> Query(string sql, Action<SqliteCommand> bind)
    {
        using SqliteConnection connection = database.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        bind(command);
        var templates = new List<LearnedTemplate>();
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            templates.Add(new LearnedTemplate
            {
                Id = reader.GetInt64(0),
                Signature = reader.GetString(1),
                Operation = reader.GetString(2),
                Language = reader.GetString(3),
                Stack = reader.GetString(4),
                Task = reader.GetString(5),
                Pattern = reader.GetString(6),
                Parameters = ReadParameters(reader.GetString(7)),
                Code = reader.GetString(8),
                Score = reader.GetInt32(9),
                SourceModel = reader.IsDBNull(10) ? null : reader.GetString(10),
                SourceCostUsd = reader.IsDBNull(11) ? null : Money.FromPico(reader.GetInt64(11)),
                Version = reader.GetInt32(12),
                CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(13)),
                UpdatedAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(14)),
                Uses = reader.GetInt64(15),
                SavedUsd = Money.FromPico(reader.GetInt64(16)),
                LastUsedAt = reader.IsDBNull(17) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(17)),
            });
        }

        return templates;
    }

    private static string WriteParameters(IReadOnlyList<TemplateParameter> parameters) =>
        JsonSerializer.Serialize(parameters.Select(p => new[] { p.Name, p.Value }).ToArray(), TemplateJsonContext.Default.StringArrayArray);

    private static IReadOnlyList<TemplateParameter> ReadParameters(string json)
    {
        string[][]? pairs = JsonSerializer.Deserialize(json, TemplateJsonContext.Default.StringArrayArray);
        return [.. (pairs ?? []).Where(p => p.Length == 2).Select(p => new TemplateParameter(p[0], p[1]))];
    }
}
