using System.Data.Common;
using Purser.Pricing;
using Purser.Sessions;

namespace Purser.Storage.Sql;

/// <summary>
/// <c>purser run</c> sessions (table sessions: SQLite migration 13, PostgreSQL migration 3), and the sums of their
/// ledger rows: a session's calls are the rows charged to its key (index ix_ledger_key_ts). One implementation for
/// both engines.
/// </summary>
internal abstract class SqlSessionStore(ISqlDatabase database) : ISessionStore
{
    private const string Columns = "id, agent, command, repository, project, tags, model, budget_pico, budget_tokens, started_ms, ended_ms, exit_code";

    public void Insert(SessionRecord session)
    {
        ArgumentNullException.ThrowIfNull(session);
        using DbConnection connection = database.OpenConnection();
        using DbCommand command = connection.Command($"""
            INSERT INTO sessions ({Columns})
            VALUES (@id, @agent, @command, @repository, @project, @tags, @model, @budget, @tokens, @started, NULL, NULL);
            """)
            .Text("@id", session.Id).Text("@agent", session.Agent).Text("@command", session.Command).Text("@repository", session.Repository)
            .Text("@project", session.Project).Text("@tags", session.Tags.Count == 0 ? null : string.Join('\n', session.Tags))
            .Text("@model", session.Model).Long("@budget", Money.ToPico(session.BudgetUsd)).Long("@tokens", session.BudgetTokens)
            .Long("@started", session.StartedAt.ToUnixTimeMilliseconds());
        command.ExecuteNonQuery();
    }

    public bool End(string id, DateTimeOffset at, int? exitCode)
    {
        using DbConnection connection = database.OpenConnection();
        using DbCommand command = connection.Command("UPDATE sessions SET ended_ms = @at, exit_code = @code WHERE id = @id AND ended_ms IS NULL;")
            .Text("@id", id).Long("@at", at.ToUnixTimeMilliseconds()).Int("@code", exitCode);
        return command.ExecuteNonQuery() == 1;
    }

    public SessionRecord? Find(string id)
    {
        using DbConnection connection = database.OpenConnection();
        using DbCommand command = connection.Command($"SELECT {Columns} FROM sessions WHERE id = @id;").Text("@id", id);
        return Read(command).FirstOrDefault();
    }

    public IReadOnlyList<SessionRecord> List(int limit)
    {
        using DbConnection connection = database.OpenConnection();
        using DbCommand command = connection.Command($"SELECT {Columns} FROM sessions ORDER BY started_ms DESC, id LIMIT @limit;")
            .Long("@limit", Math.Max(0, limit));
        return Read(command);
    }

    public SessionFigures Figures(string id)
    {
        Func<string, string> sum = database.Dialect.Sum;
        using DbConnection connection = database.OpenConnection();
        using DbCommand command = connection.Command($"""
            SELECT deployment, COUNT(*), {Count("outcome <> 'ok'")}, {Count("outcome = 'budget_exceeded'")},
                   COALESCE({sum("input_tokens")}, 0), COALESCE({sum("cached_tokens")}, 0), COALESCE({sum("output_tokens")}, 0), COALESCE({sum("reasoning_tokens")}, 0),
                   COALESCE({sum("cost_pico")}, 0), {Count("cost_pico IS NULL AND total_tokens > 0")},
                   {Count("cache_status = 'hit'")}, COALESCE({sum("CASE WHEN cache_status = 'hit' THEN saved_pico END")}, 0),
                   COALESCE({sum("CASE WHEN cache_status = 'hit' THEN cache_saved_tokens END")}, 0),
                   {Count("cache_status = 'template'")}, COALESCE({sum("CASE WHEN cache_status = 'template' THEN saved_pico END")}, 0)
            FROM ledger WHERE key_id = @id GROUP BY deployment;
            """).Text("@id", id);
        using DbDataReader r = command.ExecuteReader();
        var byModel = new List<SessionModelFigures>();
        long calls = 0, errors = 0, refusals = 0, input = 0, cached = 0, output = 0, reasoning = 0, unknown = 0, hits = 0, savedTokens = 0, templateHits = 0;
        long costPico = 0, savedPico = 0, templatePico = 0;
        while (r.Read())
        {
            calls += r.LongOrZero(1);
            errors += r.LongOrZero(2);
            refusals += r.LongOrZero(3);
            input += r.LongOrZero(4);
            cached += r.LongOrZero(5);
            output += r.LongOrZero(6);
            reasoning += r.LongOrZero(7);
            costPico += r.LongOrZero(8);
            unknown += r.LongOrZero(9);
            hits += r.LongOrZero(10);
            savedPico += r.LongOrZero(11);
            savedTokens += r.LongOrZero(12);
            templateHits += r.LongOrZero(13);
            templatePico += r.LongOrZero(14);
            if (!r.IsDBNull(0))
            {
                byModel.Add(new SessionModelFigures
                {
                    Model = r.GetString(0),
                    Calls = r.LongOrZero(1),
                    InputTokens = r.LongOrZero(4),
                    CachedTokens = r.LongOrZero(5),
                    OutputTokens = r.LongOrZero(6),
                    CostUsd = Money.FromPico(r.LongOrZero(8)),
                });
            }
        }

        r.Close();
        string? lastRefusal = null;
        if (refusals > 0)
        {
            // The gateway's own words for the latest refusal ("too large for what is left", "used up").
            command.CommandText = "SELECT error FROM ledger WHERE key_id = @id AND outcome = 'budget_exceeded' ORDER BY id DESC LIMIT 1;";
            lastRefusal = command.ExecuteScalar() as string;
        }

        return new SessionFigures
        {
            Calls = calls,
            Errors = errors,
            BudgetRefusals = refusals,
            LastRefusal = lastRefusal,
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

        string Count(string condition) => $"COALESCE({sum($"CASE WHEN {condition} THEN 1 ELSE 0 END")}, 0)";
    }

    private static List<SessionRecord> Read(DbCommand command)
    {
        using DbDataReader r = command.ExecuteReader();
        var sessions = new List<SessionRecord>();
        while (r.Read())
        {
            sessions.Add(new SessionRecord
            {
                Id = r.GetString(0),
                Agent = r.GetString(1),
                Command = r.TextOrNull(2),
                Repository = r.TextOrNull(3),
                Project = r.TextOrNull(4),
                Tags = r.TextOrNull(5) is { } tags ? tags.Split('\n') : [],
                Model = r.TextOrNull(6),
                BudgetUsd = Money.FromPico(r.LongOrNull(7)),
                BudgetTokens = r.LongOrNull(8),
                StartedAt = DateTimeOffset.FromUnixTimeMilliseconds(r.LongOrZero(9)),
                EndedAt = r.LongOrNull(10) is long ended ? DateTimeOffset.FromUnixTimeMilliseconds(ended) : null,
                ExitCode = r.LongOrNull(11) is long code ? (int)code : null,
            });
        }

        return sessions;
    }
}
