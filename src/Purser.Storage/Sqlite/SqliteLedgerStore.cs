using Microsoft.Data.Sqlite;
using Purser.Ledger;
using Purser.Pricing;

namespace Purser.Storage.Sqlite;

/// <summary>
/// Appends ledger rows to the embedded database, a batch per transaction. The ledger writer is its only caller and
/// calls it one batch at a time, so it keeps one connection with its statements prepared for as long as it lives
/// (opening a connection and parsing five statements per batch cost more than writing a one-row batch); after any
/// failure that connection is dropped and the next batch starts afresh.
/// </summary>
internal sealed class SqliteLedgerStore(SqliteDatabase database) : ILedgerStore, IDisposable
{
    private readonly Lock _gate = new();
    private Session? _session;

    private const string InsertSql = """
        INSERT INTO ledger (ts_ms, request_id, key_id, user_name, project, agent, operation, repository, tags,
            requested_model, provider, model, deployment, input_tokens, cached_tokens, cache_write_tokens,
            output_tokens, reasoning_tokens, total_tokens, cost_pico, cost_estimated, saved_pico, tokens_saved,
            latency_ms, ttft_ms, status, outcome, error, attempts, cache_hit, stream, protocol, route, route_reason, budget_tier,
            cache_status, cache_saved_tokens, guard)
        VALUES ($ts, $rid, $key, $user, $project, $agent, $op, $repo, $tags,
            $rmodel, $provider, $model, $deployment, $in, $cached, $cw,
            $out, $reasoning, $total, $cost, $est, $saved, $tsaved,
            $latency, $ttft, $status, $outcome, $error, $attempts, $hit, $stream, $protocol, $route, $reason, $tier,
            $cstatus, $csaved, $guard)
        ON CONFLICT(request_id) DO NOTHING
        RETURNING id;
        """;

    private const string AttemptSql = """
        INSERT INTO ledger_attempts (ledger_id, number, deployment, started_ms, elapsed_ms, outcome, upstream_status,
            input_tokens, cached_tokens, cache_write_tokens, output_tokens, reasoning_tokens, cost_pico)
        VALUES ($id, $n, $d, $start, $elapsed, $outcome, $us, $in, $cached, $cw, $out, $reasoning, $cost);
        """;

    public Task AppendAsync(IReadOnlyList<LedgerEntry> entries, CancellationToken cancellationToken)
    {
        if (entries.Count == 0)
        {
            return Task.CompletedTask;
        }

        lock (_gate)
        {
            _session ??= new Session(database.Open());
            try
            {
                Append(_session, entries);
            }
            catch
            {
                _session.Dispose();
                _session = null;
                throw;
            }
        }

        return Task.CompletedTask;
    }

    public ValueTask<string?> CheckIdentityAsync(CancellationToken cancellationToken) => ValueTask.FromResult(database.CheckFile());

    /// <summary>Closes the writer connection. A batch that still arrives afterwards opens a new one, so no row is refused.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _session?.Dispose();
            _session = null;
        }
    }

    private static void Append(Session session, IReadOnlyList<LedgerEntry> entries)
    {
        using SqliteTransaction transaction = session.Connection.BeginTransaction();
        SqliteCommand insert = session.Insert, attempt = session.Attempt, tag = session.Tag;
        insert.Transaction = attempt.Transaction = tag.Transaction = transaction;
        var rollup = new LedgerRollup.Batch();
        foreach (LedgerEntry e in entries)
        {
            SqliteParameterCollection p = insert.Parameters;
            p["$ts"].Value = e.Timestamp.ToUnixTimeMilliseconds();
            p["$rid"].Value = e.RequestId;
            p["$key"].Value = Db(e.KeyId);
            p["$user"].Value = Db(e.User);
            p["$project"].Value = Db(e.Project);
            p["$agent"].Value = Db(e.Agent);
            p["$op"].Value = e.Operation;
            p["$repo"].Value = Db(e.Repository);
            p["$tags"].Value = e.Tags.Count == 0 ? DBNull.Value : string.Join(',', e.Tags);
            p["$rmodel"].Value = Db(e.RequestedModel);
            p["$provider"].Value = Db(e.Provider);
            p["$model"].Value = Db(e.Model);
            p["$deployment"].Value = Db(e.Deployment);
            p["$in"].Value = e.InputTokens;
            p["$cached"].Value = e.CachedInputTokens;
            p["$cw"].Value = e.CacheWriteTokens;
            p["$out"].Value = e.OutputTokens;
            p["$reasoning"].Value = e.ReasoningTokens;
            p["$total"].Value = e.TotalTokens;
            p["$cost"].Value = Db(Money.ToPico(e.CostUsd));
            p["$est"].Value = e.CostEstimated ? 1 : 0;
            p["$saved"].Value = Db(Money.ToPico(e.SavedUsd));
            p["$tsaved"].Value = e.TokensSaved;
            p["$latency"].Value = e.LatencyMs;
            p["$ttft"].Value = e.TimeToFirstTokenMs is double ttft ? ttft : DBNull.Value;
            p["$status"].Value = e.Status;
            p["$outcome"].Value = e.Outcome;
            p["$error"].Value = Db(e.ErrorMessage);
            p["$attempts"].Value = e.Attempts;
            p["$hit"].Value = e.CacheHit ? 1 : 0;
            p["$stream"].Value = e.Stream ? 1 : 0;
            p["$protocol"].Value = Db(e.Protocol);
            p["$route"].Value = Db(e.Route);
            p["$reason"].Value = Db(e.RouteReason);
            p["$tier"].Value = Db(e.BudgetTier);
            p["$cstatus"].Value = Db(e.CacheOutcome);
            p["$csaved"].Value = e.CacheSavedTokens;
            p["$guard"].Value = Db(e.Guard);
            object? id = insert.ExecuteScalar();
            if (id is null)
            {
                continue; // already recorded (a replayed spill)
            }

            rollup.Add(e);

            foreach (LedgerAttempt a in e.AttemptDetails)
            {
                SqliteParameterCollection q = attempt.Parameters;
                q["$id"].Value = id;
                q["$n"].Value = a.Number;
                q["$d"].Value = a.Deployment;
                q["$start"].Value = a.StartedAt.ToUnixTimeMilliseconds();
                q["$elapsed"].Value = a.ElapsedMs;
                q["$outcome"].Value = a.Outcome;
                q["$us"].Value = a.UpstreamStatus is int s ? s : DBNull.Value;
                q["$in"].Value = a.InputTokens;
                q["$cached"].Value = a.CachedInputTokens;
                q["$cw"].Value = a.CacheWriteTokens;
                q["$out"].Value = a.OutputTokens;
                q["$reasoning"].Value = a.ReasoningTokens;
                q["$cost"].Value = Db(Money.ToPico(a.CostUsd));
                attempt.ExecuteNonQuery();
            }

            foreach (string t in e.Tags)
            {
                tag.Parameters["$tag"].Value = t;
                tag.Parameters["$id"].Value = id;
                tag.ExecuteNonQuery();
            }
        }

        rollup.Write(session.Rollup, transaction);
        transaction.Commit();
    }

    private static SqliteCommand Prepare(SqliteConnection connection, string sql, params string[] parameters)
    {
        SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (string name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        return command;
    }

    private sealed class Session : IDisposable
    {
        public Session(SqliteConnection connection)
        {
            Connection = connection;
            try
            {
                Insert = Prepare(connection, InsertSql, "$ts", "$rid", "$key", "$user", "$project", "$agent", "$op", "$repo", "$tags",
                    "$rmodel", "$provider", "$model", "$deployment", "$in", "$cached", "$cw", "$out", "$reasoning", "$total", "$cost", "$est", "$saved", "$tsaved",
                    "$latency", "$ttft", "$status", "$outcome", "$error", "$attempts", "$hit", "$stream", "$protocol", "$route", "$reason", "$tier",
                    "$cstatus", "$csaved", "$guard");
                Attempt = Prepare(connection, AttemptSql, "$id", "$n", "$d", "$start", "$elapsed", "$outcome", "$us", "$in", "$cached", "$cw", "$out", "$reasoning", "$cost");
                Tag = Prepare(connection, "INSERT OR IGNORE INTO ledger_tags (tag, ledger_id) VALUES ($tag, $id);", "$tag", "$id");
                Rollup = LedgerRollup.CreateUpsert(connection);
            }
            catch
            {
                Dispose();
                throw;
            }
        }

        public SqliteConnection Connection { get; }

        public SqliteCommand Insert { get; } = null!;

        public SqliteCommand Attempt { get; } = null!;

        public SqliteCommand Tag { get; } = null!;

        public SqliteCommand Rollup { get; } = null!;

        public void Dispose()
        {
            Insert?.Dispose();
            Attempt?.Dispose();
            Tag?.Dispose();
            Rollup?.Dispose();
            Connection.Dispose();
        }
    }

    private static object Db(string? value) => value is null ? DBNull.Value : value;

    private static object Db(long? value) => value is long l ? l : DBNull.Value;
}
