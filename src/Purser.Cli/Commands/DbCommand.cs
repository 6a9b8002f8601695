using System.CommandLine;
using System.Globalization;
using Purser.Cli.Hosting;
using Purser.Configuration;
using Purser.Gateway;
using Purser.Storage.Copy;
using Purser.Storage.Hosting;
using Purser.Storage.Postgres;
using Purser.Storage.Sqlite;
using Spectre.Console;

namespace Purser.Cli.Commands;

/// <summary>
/// <c>purser db migrate | status | copy</c>: the configured database's migrations, and a laptop's SQLite history moved
/// to the team's PostgreSQL database (docs/SCALE-OUT.md). A connection string is only ever shown without its password.
/// </summary>
internal static class DbCommand
{
    public static Command Create(IAnsiConsole console, CliEnvironment environment)
    {
        var command = new Command("db", "The database: migrations, status, and copying a SQLite file into PostgreSQL");
        command.Subcommands.Add(Migrate(console, environment));
        command.Subcommands.Add(Status(console, environment));
        command.Subcommands.Add(Copy(console, environment));
        return command;
    }

    private static Command Migrate(IAnsiConsole console, CliEnvironment environment)
    {
        var command = new Command("migrate", "Apply the migrations the configured database does not have yet (under an advisory lock on PostgreSQL)");
        command.SetAction(parse => Guarded(console, () =>
        {
            PurserOptions options = Options(environment, parse.GetValue(GlobalOptions.Config));
            if (!PurserBuilderConfiguredStorageExtensions.IsPostgres(options))
            {
                using var sqlite = new SqliteDatabase(GatewayHost.DatabasePath(options));
                console.MarkupLineInterpolated($"sqlite {sqlite.Location}: schema version {sqlite.SchemaVersion}, up to date");
                return 0;
            }

            using PostgresDatabase database = PurserBuilderConfiguredStorageExtensions.OpenPostgres(options, environment.Variables, migrate: false);
            int applied = database.Migrate();
            console.MarkupLineInterpolated($"postgres {database.Location}: {applied} migration(s) applied, schema version {database.SchemaVersion}");
            return 0;
        }));
        return command;
    }

    private static Command Status(IAnsiConsole console, CliEnvironment environment)
    {
        var command = new Command("status", "The configured database: where it is, its schema version and the migrations it lacks");
        command.SetAction(parse => Guarded(console, () =>
        {
            PurserOptions options = Options(environment, parse.GetValue(GlobalOptions.Config));
            if (!PurserBuilderConfiguredStorageExtensions.IsPostgres(options))
            {
                // SQLite migrates whenever it is opened: a file Purser can open is always up to date.
                using var sqlite = new SqliteDatabase(GatewayHost.DatabasePath(options));
                console.MarkupLineInterpolated($"Database  sqlite {sqlite.Location}");
                console.MarkupLineInterpolated($"Schema    version {sqlite.SchemaVersion}, up to date");
                console.MarkupLineInterpolated($"Size      {Size(sqlite.SizeBytes())}");
                return 0;
            }

            using PostgresDatabase database = PurserBuilderConfiguredStorageExtensions.OpenPostgres(options, environment.Variables, migrate: false);
            IReadOnlyList<MigrationState> states = database.Status;
            int pending = states.Count(s => !s.Applied);
            console.MarkupLineInterpolated($"Database  postgres {database.Location}");
            console.MarkupLineInterpolated($"Schema    version {states.Where(s => s.Applied).Select(s => s.Version).DefaultIfEmpty(0).Max()} of {PostgresDatabase.LatestVersion}, {(pending == 0 ? "up to date" : $"{pending} migration(s) pending: run purser db migrate")}");
            if (states.Any(s => s.Applied))
            {
                console.MarkupLineInterpolated($"Size      {Size(database.SizeBytes())}");
            }

            foreach (MigrationState state in states)
            {
                string at = state.AppliedAt is { } when ? "applied " + when.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "pending";
                console.MarkupLineInterpolated($"  {state.Version,3}  {state.Name}  [grey]{at}[/]");
            }

            return pending == 0 ? 0 : 1;
        }));
        return command;
    }

    private static Command Copy(IAnsiConsole console, CliEnvironment environment)
    {
        var from = new Option<string>("--from") { Description = "The SQLite file to copy from (e.g. ~/.purser/purser.db)", Required = true };
        var to = new Option<string>("--to") { Description = "The PostgreSQL database: an Npgsql connection string, or env:VARIABLE", Required = true };
        var command = new Command("copy", "Copy a SQLite file's whole history (ledger, keys, budgets, sessions, alerts, cache, Responses state, analyses, repositories, notes, templates) into PostgreSQL (idempotent: run it again to resume), then verify") { from, to };
        command.SetAction((parse, cancellationToken) => GuardedAsync(console, async () =>
        {
            string path = Path.GetFullPath(parse.GetValue(from)!, environment.WorkingDirectory);
            if (!File.Exists(path))
            {
                throw new CliException($"--from: no SQLite file at {path}.", 2);
            }

            string connectionString;
            try
            {
                connectionString = PostgresConnectionString.Resolve(parse.GetValue(to)!, environment.Variables);
            }
            catch (ArgumentException ex)
            {
                throw new CliException("--to: " + ex.Message, 2);
            }

            SqliteDatabase source;
            try
            {
                source = new SqliteDatabase(path);
            }
            catch (Exception ex) when (ex is Microsoft.Data.Sqlite.SqliteException or InvalidOperationException)
            {
                throw new CliException($"--from: {path} is not a Purser SQLite database this version can read: {ex.Message}", 2);
            }

            using SqliteDatabase sourceDatabase = source;
            using var target = new PostgresDatabase(connectionString);
            console.MarkupLineInterpolated($"Copying sqlite {path} into postgres {target.Location}");
            IReadOnlyList<CopiedTable> tables = await SqliteToPostgresCopy.CopyAsync(source, target, null, cancellationToken);
            foreach (CopiedTable table in tables)
            {
                string sum = table.Name == "ledger" || table.SourceSum != 0 ? $", cost {table.SourceSum / 1_000_000_000_000m:0.############} USD in both" : "";
                console.MarkupLineInterpolated($"  {table.Name,-16} {table.SourceRows} row(s), {table.Written} written now, {table.FoundInTarget} found in the target{(table.Verified ? sum : "")}  {(table.Verified ? "[green]verified[/]" : "[red]MISMATCH[/]")}");
            }

            if (tables.Any(t => !t.Verified))
            {
                throw new CliException("The copy does not match its source: run it again; the rows already copied are skipped.", 1);
            }

            return 0;
        }));
        return command;
    }

    private static PurserOptions Options(CliEnvironment environment, string? configFile) => GatewayHost.LoadConfiguration(new GatewayHostSettings
    {
        ConfigFile = configFile,
        Environment = environment.Variables,
        ReadEnvironmentConfiguration = environment.ReadEnvironmentConfiguration,
    }).Options;

    private static string Size(long bytes) => (bytes / 1024.0).ToString("N1", CultureInfo.InvariantCulture) + " KB";

    private static int Guarded(IAnsiConsole console, Func<int> action) => GuardedAsync(console, () => Task.FromResult(action())).GetAwaiter().GetResult();

    /// <summary>A database that cannot be used is said so (never with a password), exit code 2.</summary>
    private static async Task<int> GuardedAsync(IAnsiConsole console, Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (PurserConfigurationException ex)
        {
            console.MarkupLine("[red]The database cannot be used:[/]");
            foreach (string error in ex.Errors)
            {
                console.MarkupLineInterpolated($"  [red]-[/] {error}");
            }

            return 2;
        }
    }
}
