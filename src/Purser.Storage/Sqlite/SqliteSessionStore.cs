using Microsoft.Data.Sqlite;
using Purser.Pricing;
using Purser.Sessions;

namespace Purser.Storage.Sqlite;

/// <summary>
/// <c>purser run</c> sessions in the embedded database (migration 13), and the sums of their ledger rows: a session's
/// calls are the rows charged to its key (index ix_ledger_key_ts).
/// </summary>
public sealed class SqliteSessionStore(SqliteDatabase database) : ISessionStore
{
    private const string Columns = "id, agent, command, repository, project, tags, model, budget_pico, budget_tokens, started_ms, ended_ms, exit_code";

    public void Insert(SessionRecord session)
    {
        ArgumentNullException.ThrowIfNull(session);
        using SqliteConnection connection = database.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = $"""
            INSERT INTO sessions ({Columns})
            VALUES ($id, $agent, $command, $repository, $project, $tags, $model, $budget, $tokens, $started, NULL, NULL);
            """;
        command.Parameters.AddWithValue("$id", session.Id);
        command.Parameters.AddWithValue("$agent", session.Agent);
        command.Parameters.AddWithValue("$command", (object?)session.Command ?? DBNull.Value);
        command.Parameters.AddWithValue("$repository", (object?)session.Repository ?? DBNull.Value);
        command.Parameters.AddWithValue("$project", (object?)session.Project ?? DBNull.Value);
        command.Parameters.AddWithValue("$tags", session.Tags.Count == 0 ? DBNull.Value : string.Join('\n', session.Tags));
        command.Parameters.AddWithValue("$model", (object?)session.Model ?? DBNull.Value);
        command.Parameters.AddWithValue("$budget", (object?)Money.ToPico(session.BudgetUsd) ?? DBNull.Value);
        command.Parameters.AddWithValue("$tokens", (object?)session.BudgetTokens ?? DBNull.Value);
        command.Parameters.AddWithValue("$started", session.StartedAt.ToUnixTimeMilliseconds());
        command.ExecuteNonQuery();
    }

    public bool End(string id, DateTimeOffset at, int? exitCode)
    {
        using SqliteConnection connection = database.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "UPDATE sessions SET ended_ms = $at, exit_code = $code WHERE id = $id AND ended_ms IS NULL;";
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$at", at.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$code", (object?)exitCode ?? DBNull.Value);
        return command.ExecuteNonQuery() == 1;
    }

    public SessionRecord? Find(string id)
    {
        using SqliteConnection connection = database.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM sessions WHERE id = $id;";
        command.Parameters.AddWithValue("$id", id);
        return Read(command).FirstOrDefault();
    }

    public IReadOnlyList<SessionRecord> List(int limit)
    {
        using SqliteConnection connection = database.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM sessions ORDER BY started_ms DESC, id LIMIT $limit;";
        command.Parameters.AddWithValue("$limit", Math.Max(0, limit));
        return Read(command);
    }

    public SessionFigures Figures(string id)
    {
        using SqliteConnection connection = database.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = """
            SELECT deployment, COUNT(*), COALESCE(SUM(outcome IS NOT 'ok'), 0), COALESCE(SUM(outcome IS 'budget_exceeded'), 0),
                   COALESCE(SUM(input_tokens), 0), COALESCE(SUM(cached_tokens), 0), COALESCE(SUM(output_tokens), 0), COALESCE(SUM(reasoning_tokens), 0),
                   COALESCE(SUM(cost_pico), 0), COALESCE(SUM(cost_pico IS NULL AND total_tokens > 0), 0),
                   COALESCE(SUM(cache_status IS 'hit'), 0), COALESCE(SUM(CASE WHEN cache_status IS 'hit' THEN saved_pico END), 0),
                   COALESCE(SUM(CASE WHEN cache_status IS 'hit' THEN cache_saved_tokens END), 0),
                   COALESCE(SUM(cache_status IS 'template'), 0), COALESCE(SUM(CASE WHEN cache_status IS 'template' THEN saved_pico END), 0)
            FROM ledger WHERE key_id = $id GROUP BY deployment;
            """;
        command.Parameters.AddWithValue("$id", id);
        using SqliteDataReader r = command.ExecuteReader();
        var byModel = new List<SessionModelFigures>();
        long calls = 0, errors = 0, refusals = 0, input = 0, cached = 0, output = 0, reasoning = 0, unknown = 0, hits = 0, savedTokens = 0, templateHits = 0;
        long costPico = 0, savedPico = 0, templatePico = 0;
        while (r.Read())
        {
            calls += r.GetInt64(1);
            errors += r.GetInt64(2);
            refusals += r.GetInt64(3);
            input += r.GetInt64(4);
            cached += r.GetInt64(5);
            output += r.GetInt64(6);
            reasoning += r.GetInt64(7);
            costPico += r.GetInt64(8);
            unknown += r.GetInt64(9);
            hits += r.GetInt64(10);
            savedPico += r.GetInt64(11);
            savedTokens += r.GetInt64(12);
            templateHits += r.GetInt64(13);
            templatePico += r.GetInt64(14);
            if (!r.IsDBNull(0))
            {
                byModel.Add(new SessionModelFigures
                {
                    Model = r.GetString(0),
                    Calls = r.GetInt64(1),
                    InputTokens = r.GetInt64(4),
                    CachedTokens = r.GetInt64(5),
                    OutputTokens = r.GetInt64(6),
                    CostUsd = Money.FromPico(r.GetInt64(8)),
                });
            }
        }

        return new SessionFigures
        {
            Calls = calls,
            Errors = errors,
            BudgetRefusals = refusals,
            InputTokens = input,
            CachedTokens = cached,
            OutputTokens = output,
            ReasoningTokens = reasoning,
            CostUsd = Money.FromPico(costPico),
            UnknownCostCalls = unknown,
            CacheHits = hits,
            CacheSavedUsd = Money.FromPico(savedPico),
            CacheSavedTokens = savedTokens,
            TemplateHits = templateHits,
            TemplateSavedUsd = Money.FromPico(templatePico),
            ByModel = [.. byModel.OrderByDescending(m => m.CostUsd).ThenByDescending(m => m.Calls).ThenBy(m => m.Model, StringComparer.Ordinal)],
        };
    }

    private static List<SessionRecord> Read(SqliteCommand command)
    {
        using SqliteDataReader r = command.ExecuteReader();
        var sessions = new List<SessionRecord>();
        while (r.Read())
        {
            sessions.Add(new SessionRecord
            {
                Id = r.GetString(0),
                Agent = r.GetString(1),
                Command = Text(r, 2),
                Repository = Text(r, 3),
                Project = Text(r, 4),
                Tags = Text(r, 5) is { } tags ? tags.Split('\n') : [],
                Model = Text(r, 6),
                BudgetUsd = r.IsDBNull(7) ? null : Money.FromPico(r.GetInt64(7)),
                BudgetTokens = r.IsDBNull(8) ? null : r.GetInt64(8),
                StartedAt = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(9)),
                EndedAt = r.IsDBNull(10) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(10)),
                ExitCode = r.IsDBNull(11) ? null : r.GetInt32(11),
            });
        }

        return sessions;
    }

    private static string? Text(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
