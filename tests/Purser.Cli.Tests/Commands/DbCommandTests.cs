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
        }

        try
        {
            // A first copy that stopped half-way: the first 1,000 rows are already in the target.
            using (var target = new PostgresDatabase(database))
            {
                await new PostgresLedgerStore(target).AppendAsync(rows[..1_000], CancellationToken.None);
            }

            cli.Variables["TEAM_DB"] = WithPassword(database);
            var (code, output) = await cli.RunAsync("db", "copy", "--from", file, "--to", "env:TEAM_DB");
            code.ShouldBe(0, output);
            output.ShouldContain("ledger        2500 row(s), 1500 written now, 2500 found in the target");
            output.ShouldContain("virtual_keys  2 row(s), 2 written now");
            output.ShouldContain("budgets       1 row(s), 1 written now");
            output.ShouldContain("sessions      1 row(s), 1 written now");
            output.ShouldNotContain("MISMATCH");
            output.ShouldNotContain(Password);

            var (againCode, again) = await cli.RunAsync("db", "copy", "--from", file, "--to", "env:TEAM_DB");
            againCode.ShouldBe(0, again);
            again.ShouldContain("ledger        2500 row(s), 0 written now, 2500 found in the target");
            again.ShouldContain("virtual_keys  2 row(s), 0 written now");

            long expectedPico = rows.Sum(r => (long)(r.CostUsd!.Value * 1_000_000_000_000m));
            PostgresTestServer.Count(database, "SELECT COUNT(*) FROM ledger").ShouldBe(2_500);
            PostgresTestServer.Count(database, "SELECT SUM(cost_pico) FROM ledger").ShouldBe(expectedPico);
            PostgresTestServer.Count(database, "SELECT COUNT(*) FROM ledger_attempts").ShouldBe(2_500);
            PostgresTestServer.Count(database, "SELECT COUNT(*) FROM ledger_tags WHERE tag = 'laptop'").ShouldBe(2_500);
            PostgresTestServer.Count(database, "SELECT SUM(cost_pico) FROM ledger_rollup WHERE dim = 'model'").ShouldBe(expectedPico);
            PostgresTestServer.Count(database, "SELECT COUNT(*) FROM virtual_keys WHERE revoked_ms IS NOT NULL").ShouldBe(1);
            PostgresTestServer.Count(database, "SELECT COUNT(*) FROM sessions WHERE ended_ms IS NOT NULL").ShouldBe(1);
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
