using System.Text.Json;
using System.Data.Common;
using Purser.Pricing;
using Purser.Storage;
using Purser.Storage.Sql;

namespace Purser.Assistant.Templates;

/// <summary>Learned templates in the embedded SQLite database (tables <c>templates</c> and <c>template_history</c>, migration 8).</summary>
internal abstract class SqlTemplateStore(ISqlDatabase database) : ITemplateStore
{
    private const string Columns = "id, signature, operation, language, stack, task, pattern, parameters, code, score, source_model, source_cost_pico, version, created_ms, updated_ms, uses, saved_pico, last_used_ms";

    public Task<IReadOnlyList<LearnedTemplate>> CandidatesAsync(string operation, string language, string stack, CancellationToken cancellationToken) =>
        Task.FromResult(Query(
            $"SELECT {Columns} FROM templates WHERE operation = @op AND language = @lang AND stack = @stack ORDER BY score DESC, uses DESC, id;",
            c =>
            {
                Param(c, "@op", operation);
                Param(c, "@lang", language);
                Param(c, "@stack", stack);
            }));

    public Task<LearnedTemplate?> FindBySignatureAsync(string signature, CancellationToken cancellationToken) =>
        Task.FromResult(Query($"SELECT {Columns} FROM templates WHERE signature = @sig;", c => Param(c, "@sig", signature)).FirstOrDefault());

    public Task<LearnedTemplate?> GetAsync(long id, CancellationToken cancellationToken) =>
        Task.FromResult(Query($"SELECT {Columns} FROM templates WHERE id = @id;", c => Param(c, "@id", id)).FirstOrDefault());

    public Task<IReadOnlyList<LearnedTemplate>> ListAsync(CancellationToken cancellationToken) =>
        Task.FromResult(Query($"SELECT {Columns} FROM templates ORDER BY uses DESC, id;", _ => { }));

    public Task<LearnedTemplate> AddAsync(LearnedTemplate template, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(template);
        using DbConnection connection = database.OpenConnection();
        using DbCommand command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO templates (signature, operation, language, stack, task, pattern, parameters, code, score, source_model, source_cost_pico,
                version, created_ms, updated_ms, uses, saved_pico, last_used_ms)
            VALUES (@sig, @op, @lang, @stack, @task, @pattern, @params, @code, @score, @model, @cost, @version, @created, @updated, @uses, @saved, @last)
            RETURNING id;
            """;
        Param(command, "@sig", template.Signature);
        Param(command, "@op", template.Operation);
        Param(command, "@lang", template.Language);
        Param(command, "@stack", template.Stack);
        Param(command, "@created", template.CreatedAt.ToUnixTimeMilliseconds());
        Param(command, "@uses", template.Uses);
        Param(command, "@saved", Money.ToPico(template.SavedUsd) ?? 0);
        Param(command, "@last", (object?)template.LastUsedAt?.ToUnixTimeMilliseconds() ?? DBNull.Value);
        Param(command, "@version", template.Version);
        AddContent(command, template);
        long id = Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        return Task.FromResult(template with { Id = id });
    }

    public Task<LearnedTemplate?> ReplaceAsync(long id, LearnedTemplate replacement, string reason, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(replacement);
        using DbConnection connection = database.OpenConnection();
        using DbTransaction transaction = connection.BeginTransaction();
        using (DbCommand history = connection.CreateCommand())
        {
            history.Transaction = transaction;
            history.CommandText = """
                INSERT INTO template_history (template_id, version, task, parameters, code, score, source_model, source_cost_pico, replaced_ms, reason)
                SELECT id, version, task, parameters, code, score, source_model, source_cost_pico, @at, @reason FROM templates WHERE id = @id;
                """;
            Param(history, "@id", id);
            Param(history, "@at", at.ToUnixTimeMilliseconds());
            Param(history, "@reason", reason);
            if (history.ExecuteNonQuery() == 0)
            {
                return Task.FromResult<LearnedTemplate?>(null);
            }
        }

        using (DbCommand update = connection.CreateCommand())
        {
            update.Transaction = transaction;
            update.CommandText = """
                UPDATE templates SET signature = @sig, task = @task, pattern = @pattern, parameters = @params, code = @code, score = @score,
                    source_model = @model, source_cost_pico = @cost, version = version + 1, updated_ms = @updated
                WHERE id = @id;
                """;
            Param(update, "@id", id);
            Param(update, "@sig", replacement.Signature);
            AddContent(update, replacement with { UpdatedAt = at });
            update.ExecuteNonQuery();
        }

        transaction.Commit();
        return GetAsync(id, cancellationToken);
    }

    public Task<bool> DeleteAsync(long id, CancellationToken cancellationToken)
    {
        using DbConnection connection = database.OpenConnection();
        using DbCommand command = connection.CreateCommand();
        command.CommandText = "DELETE FROM templates WHERE id = @id;";
        Param(command, "@id", id);
        return Task.FromResult(command.ExecuteNonQuery() > 0);
    }

    public Task RecordUseAsync(long id, decimal? savedUsd, DateTimeOffset at, CancellationToken cancellationToken)
    {
        using DbConnection connection = database.OpenConnection();
        using DbCommand command = connection.CreateCommand();
        command.CommandText = "UPDATE templates SET uses = uses + 1, saved_pico = saved_pico + @saved, last_used_ms = @at WHERE id = @id;";
        Param(command, "@id", id);
        Param(command, "@saved", Money.ToPico(savedUsd) ?? 0);
        Param(command, "@at", at.ToUnixTimeMilliseconds());
        command.ExecuteNonQuery();
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<TemplateVersion>> HistoryAsync(long id, CancellationToken cancellationToken)
    {
        using DbConnection connection = database.OpenConnection();
        using DbCommand command = connection.CreateCommand();
        command.CommandText = """
            SELECT version, task, parameters, code, score, source_model, source_cost_pico, replaced_ms, reason
            FROM template_history WHERE template_id = @id ORDER BY version DESC;
            """;
        Param(command, "@id", id);
        var versions = new List<TemplateVersion>();
        using DbDataReader reader = command.ExecuteReader();
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

    private static void AddContent(DbCommand command, LearnedTemplate template)
    {
        Param(command, "@task", template.Task);
        Param(command, "@pattern", template.Pattern);
        Param(command, "@params", WriteParameters(template.Parameters));
        Param(command, "@code", template.Code);
        Param(command, "@score", template.Score);
        Param(command, "@model", (object?)template.SourceModel ?? DBNull.Value);
        Param(command, "@cost", (object?)Money.ToPico(template.SourceCostUsd) ?? DBNull.Value);
        Param(command, "@updated", template.UpdatedAt.ToUnixTimeMilliseconds());
    }

    private IReadOnlyList<LearnedTemplate> Query(string sql, Action<DbCommand> bind)
    {
        using DbConnection connection = database.OpenConnection();
        using DbCommand command = connection.CreateCommand();
        command.CommandText = sql;
        bind(command);
        var templates = new List<LearnedTemplate>();
        using DbDataReader reader = command.ExecuteReader();
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

    private static void Param(DbCommand command, string name, object value)
    {
        DbParameter parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
