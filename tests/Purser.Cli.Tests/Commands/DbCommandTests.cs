using Npgsql;
using Purser.Budgets;
using Purser.Keys;
using Purser.Ledger;
using Purser.Sessions;
using Purser.Storage.Postgres;
using Purser.Storage.Sqlite;
using Purser.Tests;

namespace Purser.Cli.Tests.Commands;

/// <summary>
/// <c>purser db migrate | status | copy</c> against the test PostgreSQL server (skipped, saying why, without one): the
/// password of a connection string is never printed; a copy is verified, idempotent and resumes where it stopped.
/// </summary>
public sealed class DbCommandTests
{
    private const string Password = "pw-that-must-not-show-3141";

    private static readonly DateTimeOffset T0 = new(2026, 10, 5, 8, 0, 0, TimeSpan.Zero);

    [SkippableFact]
    public async Task StatusThenMigrate_OnAnEmptyPostgresDatabase_ListsThePendingMigrations_AppliesThemOnce_NeverShowsThePassword()
    {
        PostgresTestServer.RequireServer();
        string database = PostgresTestServer.CreateDatabase();
        try
        {
            using var cli = new CliRunner();
            cli.Variables["TEAM_DB"] = WithPassword(database);
            File.WriteAllText(Path.Combine(cli.Home, "purser.json"), """{"Purser":{"Database":{"Provider":"postgres","ConnectionString":"env:TEAM_DB"}}}""");

            var (pendingCode, pending) = await cli.RunAsync("db", "status");
            pendingCode.ShouldBe(1, pending);
            pending.ShouldContain($"of {PostgresDatabase.LatestVersion}, {PostgresDatabase.LatestVersion} migration(s) pending");
            pending.ShouldContain("postgres://");

            var (migrateCode, migrated) = await cli.RunAsync("db", "migrate");
            migrateCode.ShouldBe(0, migrated);
            migrated.ShouldContain($"{PostgresDatabase.LatestVersion} migration(s) applied, schema version {PostgresDatabase.LatestVersion}");
            var (againCode, again) = await cli.RunAsync("db", "migrate");
            (againCode, again.Contains("0 migration(s) applied", StringComparison.Ordinal)).ShouldBe((0, true), again);

            var (statusCode, status) = await cli.RunAsync("db", "status");
            statusCode.ShouldBe(0, status);
            status.ShouldContain("up to date");
            status.ShouldNotContain("pending");
            PostgresTestServer.Count(database, "SELECT COUNT(*) FROM schema_migrations").ShouldBe(PostgresDatabase.LatestVersion);
            foreach (string output in new[] { pending, migrated, again, status })
            {
                output.ShouldNotContain(Password);
            }
        }
        finally
        {
            PostgresTestServer.DropDatabase(database);
        }
    }

    [Fact]
    public async Task Status_OnTheDefaultSqliteFile_SaysWhereItIsAndThatItIsUpToDate()
    {
        using var cli = new CliRunner();
        var (code, output) = await cli.RunAsync("db", "status");
        code.ShouldBe(0, output);
        output.ShouldContain("sqlite");
        output.ShouldContain("up to date");
    }

    [SkippableFact]
    public async Task Copy_SqliteIntoPostgres_IsVerified_Idempotent_AndResumesWhereItStopped()
    {
        PostgresTestServer.RequireServer();
        string database = PostgresTestServer.CreateDatabase();
        using var cli = new CliRunner();
        string file = Path.Combine(cli.Home, "laptop.db");
        LedgerEntry[] rows = [.. Enumerable.Range(0, 2_500).Select(Row)];
        using (var sqlite = new SqliteDatabase(file))
        {
            using var ledger = new SqliteLedgerStore(sqlite);
            await ledger.AppendAsync(rows, CancellationToken.None);
            var keys = new SqliteKeyStore(sqlite);
            keys.Insert(Key("key_live", revoked: null));
            keys.Insert(Key("key_gone", revoked: null));
            keys.Revoke("key_gone", T0.AddDays(1));
            new SqliteBudgetStore(sqlite, TimeProvider.System).Upsert("team", new BudgetItemOptions { Limit = 12.5m, Window = "monthly" });
            var sessions = new SqliteSessionStore(sqlite);
            sessions.Insert(new SessionRecord { Id = "key_live", Agent = "claude", StartedAt = T0, BudgetUsd = 2m });
            sessions.End("key_live", T0.AddHours(1), 0);
            SeedHistory(sqlite);
        }

        try
        {
            // A first copy that stopped half-way: the first 1,000 rows are already in the target.
            using (var target = new PostgresDatabase(database))
            {
                await new PostgresLedgerStore(target).AppendAsync(rows[..1_000], CancellationToken.None);
            }

            // The team's own rows: ids the laptop's notes and templates also use, one alert the laptop also raised.
            PostgresTestServer.Count(database, $$"""
                INSERT INTO notes (text, status, created_ms, updated_ms) VALUES ('team note', 'inbox', 1, 1);
                INSERT INTO note_tags (note_id, tag) VALUES (1, 'team');
                INSERT INTO templates (signature, operation, language, stack, task, pattern, parameters, code, score, version, created_ms, updated_ms)
                    VALUES ('team-sig', 'generate', 'csharp', '', 'team task', 'p', '[]', 'code', 5, 1, 1, 1);
                INSERT INTO budget_alerts (ts_ms, budget, value, scope, window_name, window_start_ms, level, kind, unit, spent_units, limit_units, percent, message)
                    VALUES (1, 'team', '', 'global', 'monthly', 100, 80, 'threshold', 'usd', 8, 10, 80, 'team at 80%');
                SELECT 0;
                """);

            cli.Variables["TEAM_DB"] = WithPassword(database);
            var (code, output) = await cli.RunAsync("db", "copy", "--from", file, "--to", "env:TEAM_DB");
            code.ShouldBe(0, output);
            output.ShouldContain(Copied("ledger", 2_500, 1_500));
            output.ShouldContain(Copied("virtual_keys", 2, 2));
            output.ShouldContain(Copied("budgets", 1, 1));
            output.ShouldContain(Copied("sessions", 1, 1));
            output.ShouldContain(Copied("budget_alerts", 2, 1));
            output.ShouldContain(Copied("cache_entries", 1_200, 1_200));
            output.ShouldContain(Copied("responses", 2, 2));
            output.ShouldContain(Copied("analyses", 2, 2));
            output.ShouldContain(Copied("repositories", 1, 1));
            output.ShouldContain(Copied("repository_files", 3, 3));
            output.ShouldContain(Copied("notes", 2, 2));
            output.ShouldContain(Copied("note_tags", 3, 3));
            output.ShouldContain(Copied("templates", 1, 1));
            output.ShouldContain(Copied("template_history", 2, 2));
            output.ShouldNotContain("MISMATCH");
            output.ShouldNotContain(Password);

            var (againCode, again) = await cli.RunAsync("db", "copy", "--from", file, "--to", "env:TEAM_DB");
            againCode.ShouldBe(0, again);
            foreach ((string table, int count) in new[] { ("ledger", 2_500), ("virtual_keys", 2), ("budget_alerts", 2), ("cache_entries", 1_200), ("responses", 2), ("analyses", 2), ("repository_files", 3), ("notes", 2), ("note_tags", 3), ("template_history", 2) })
            {
                again.ShouldContain(Copied(table, count, 0));
            }

            again.ShouldNotContain("MISMATCH");

            long expectedPico = rows.Sum(r => (long)(r.CostUsd!.Value * 1_000_000_000_000m));
            PostgresTestServer.Count(database, "SELECT COUNT(*) FROM ledger").ShouldBe(2_500);
            PostgresTestServer.Count(database, "SELECT SUM(cost_pico) FROM ledger").ShouldBe(expectedPico);
            PostgresTestServer.Count(database, "SELECT COUNT(*) FROM ledger_attempts").ShouldBe(2_500);
            PostgresTestServer.Count(database, "SELECT COUNT(*) FROM ledger_tags WHERE tag = 'laptop'").ShouldBe(2_500);
            PostgresTestServer.Count(database, "SELECT SUM(cost_pico) FROM ledger_rollup WHERE dim = 'model'").ShouldBe(expectedPico);
            PostgresTestServer.Count(database, "SELECT COUNT(*) FROM virtual_keys WHERE revoked_ms IS NOT NULL").ShouldBe(1);
            PostgresTestServer.Count(database, "SELECT COUNT(*) FROM sessions WHERE ended_ms IS NOT NULL").ShouldBe(1);

            // Renumbered by the target, the laptop's rows keep their children; the team's rows are as they were.
            PostgresTestServer.Count(database, "SELECT COUNT(*) FROM note_tags t JOIN notes n ON n.id = t.note_id WHERE n.text = 'laptop note 1'").ShouldBe(2);
            PostgresTestServer.Count(database, "SELECT COUNT(*) FROM note_tags t JOIN notes n ON n.id = t.note_id WHERE n.text = 'team note'").ShouldBe(1);
            PostgresTestServer.Count(database, "SELECT COUNT(*) FROM template_history h JOIN templates t ON t.id = h.template_id WHERE t.signature = 'laptop-sig'").ShouldBe(2);
            PostgresTestServer.Count(database, "SELECT COUNT(*) FROM repository_files f JOIN repositories r ON r.id = f.repository_id WHERE r.root = '/src/app'").ShouldBe(3);
            PostgresTestServer.Count(database, "SELECT SUM(cost_pico) FROM analyses").ShouldBe(1_250_000_000 + 3);
            PostgresTestServer.Count(database, "SELECT SUM(cost_pico) FROM cache_entries").ShouldBe(Enumerable.Range(0, 1_200).Sum(i => 1_000L + i));
            PostgresTestServer.Count(database, "SELECT COUNT(*) FROM responses WHERE previous_id = 'resp_1' AND length(input) = 3").ShouldBe(1);
            PostgresTestServer.Count(database, "SELECT COUNT(*) FROM budget_alerts").ShouldBe(2);
        }
        finally
        {
            PostgresTestServer.DropDatabase(database);
        }
    }

    [Fact]
    public async Task Copy_ToAnUnreachableServer_FailsClearly_WithoutThePassword()
    {
        using var cli = new CliRunner();
        string file = Path.Combine(cli.Home, "laptop.db");
        new SqliteDatabase(file).Dispose();
        int port;
        using (var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        }

        var (code, output) = await cli.RunAsync("db", "copy", "--from", file, "--to", $"Host=127.0.0.1;Port={port};Database=team;Username=purser;Password={Password};Timeout=2");
        code.ShouldBe(2, output);
        output.ShouldContain($"postgres://purser@127.0.0.1:{port}/team");
        output.ShouldNotContain(Password);
    }

    [Fact]
    public async Task Copy_FromAFileThatIsNotSqlite_FailsClearly_AndLeavesItAsItWas()
    {
        using var cli = new CliRunner();
        string file = Path.Combine(cli.Home, "notes.txt");
        await File.WriteAllTextAsync(file, "these are notes, not a database\n");
        byte[] before = await File.ReadAllBytesAsync(file);

        var (code, output) = await cli.RunAsync("db", "copy", "--from", file, "--to", $"Host=127.0.0.1;Port=1;Database=team;Username=purser;Password={Password}");

        code.ShouldBe(2, output);
        output.ShouldContain("--from:");
        output.ShouldNotContain("   at ");
        output.ShouldNotContain(Password);
        (await File.ReadAllBytesAsync(file)).ShouldBe(before);
    }

    /// <summary>A table's line of <c>purser db copy</c>, every row of the source found in the target.</summary>
    private static string Copied(string table, int rows, int written) => $"{table,-16} {rows} row(s), {written} written now, {rows} found in the target";

    /// <summary>The rest of a laptop's history: alerts, cached responses, Responses API state and the assistant's tables.</summary>
    private static void SeedHistory(SqliteDatabase sqlite)
    {
        using Microsoft.Data.Sqlite.SqliteConnection connection = sqlite.Open();
        using Microsoft.Data.Sqlite.SqliteTransaction transaction = connection.BeginTransaction();
        using Microsoft.Data.Sqlite.SqliteCommand command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO budget_alerts (ts_ms, budget, value, scope, window_name, window_start_ms, level, kind, unit, spent_units, limit_units, percent, message) VALUES
                (1, 'team', '', 'global', 'monthly', 100, 80, 'threshold', 'usd', 8, 10, 80, 'team at 80%'),
                (2, 'team', '', 'global', 'monthly', 100, 100, 'threshold', 'usd', 10, 10, 100, 'team at 100%');
            INSERT INTO responses (id, previous_id, key_id, created_ms, expires_ms, bytes, input, response) VALUES
                ('resp_1', NULL, 'key_live', 1, 4102444800000, 6, X'010203', X'040506'),
                ('resp_2', 'resp_1', 'key_live', 2, 4102444800000, 6, X'070809', X'0a0b0c');
            INSERT INTO analyses (created_ms, full_path, repository, path, language, content_hash, prompt_name, prompt_version, model, served_by,
                overall, security, quality, complexity, maintainability, errors, warnings, notes, cost_pico, reused, result_json) VALUES
                (10, '/src/app/a.cs', 'app', 'a.cs', 'csharp', 'h1', 'analyze', '1', 'gpt-4o', 'openai/gpt-4o', 80, 90, 70, 60, 75, 0, 1, 2, 1250000000, 0, '{}'),
                (11, '/src/app/b.cs', 'app', 'b.cs', 'csharp', 'h2', 'analyze', '1', 'gpt-4o', 'openai/gpt-4o', NULL, NULL, NULL, NULL, NULL, 0, 0, 0, 3, 1, '{}');
            INSERT INTO repositories (id, name, root, added_ms, scanned_ms) VALUES (1, 'app', '/src/app', 5, 6);
            INSERT INTO repository_files (repository_id, path, language, bytes, lines, is_binary, modified_ms) VALUES
                (1, 'a.cs', 'csharp', 100, 10, 0, 7), (1, 'b.cs', 'csharp', 200, 20, 0, 7), (1, 'logo.png', NULL, 300, 0, 1, 7);
            INSERT INTO notes (id, text, status, created_ms, updated_ms) VALUES (1, 'laptop note 1', 'active', 20, 21), (2, 'laptop note 2', 'done', 22, 23);
            INSERT INTO note_tags (note_id, tag) VALUES (1, 'ci'), (1, 'perf'), (2, 'ci');
            INSERT INTO templates (id, signature, operation, language, stack, task, pattern, parameters, code, score, source_model, source_cost_pico,
                version, created_ms, updated_ms, uses, saved_pico, last_used_ms) VALUES
                (1, 'laptop-sig', 'generate', 'csharp', 'aspnet', 'a task', 'pattern', '[]', 'v3', 9, 'gpt-4o', 5000, 3, 30, 31, 4, 20000, 32);
            INSERT INTO template_history (template_id, version, task, parameters, code, score, source_model, source_cost_pico, replaced_ms, reason) VALUES
                (1, 1, 'a task', '[]', 'v1', 6, 'gpt-4o', 5000, 30, 'upgraded'), (1, 2, 'a task', '[]', 'v2', 7, 'gpt-4o', 5000, 31, 'edited');
            """;
        command.ExecuteNonQuery();
        command.CommandText = """
            INSERT INTO cache_entries (key, partition, operation, provider, model, created_ms, expires_ms, bytes, response, from_stream,
                input_tokens, cached_tokens, cache_write_tokens, output_tokens, reasoning_tokens, usage_estimated, cost_pico)
            VALUES ($key, 'default', 'chat', 'openai', 'gpt-4o', 1, 4102444800000, 2, '{}', 0, 10, 0, 0, 5, 0, 0, $cost);
            """;
        Microsoft.Data.Sqlite.SqliteParameter key = command.Parameters.Add("$key", Microsoft.Data.Sqlite.SqliteType.Blob);
        Microsoft.Data.Sqlite.SqliteParameter cost = command.Parameters.Add("$cost", Microsoft.Data.Sqlite.SqliteType.Integer);
        for (int i = 0; i < 1_200; i++)
        {
            key.Value = System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(i));
            cost.Value = 1_000L + i;
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    private static string WithPassword(string connectionString) => new NpgsqlConnectionStringBuilder(connectionString) { Password = Password }.ConnectionString;

    private static VirtualKey Key(string id, DateTimeOffset? revoked) => new()
    {
        Id = id,
        Name = id,
        Hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(id)),
        CreatedAt = T0,
        RevokedAt = revoked,
    };

    private static LedgerEntry Row(int i) => new()
    {
        RequestId = "req_" + i.ToString("D5", System.Globalization.CultureInfo.InvariantCulture),
        Timestamp = T0.AddMinutes(i),
        Provider = "openai",
        Model = "gpt-4o",
        Deployment = "openai/gpt-4o",
        InputTokens = 1000 + i,
        OutputTokens = 100,
        CostUsd = 0.000000000001m * (7 + i) + 0.0125m,
        Tags = ["laptop"],
        Status = 200,
        Attempts = 1,
        AttemptDetails = [new LedgerAttempt(1, "openai/gpt-4o", T0.AddMinutes(i), 12.5, "ok", 200, 1000 + i, 0, 0, 100, 0, 0.000000000001m * (7 + i) + 0.0125m)],
    };
}
