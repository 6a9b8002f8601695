using System.Data.Common;
using Npgsql;
using Purser.Configuration;
using Purser.Storage.Sql;

namespace Purser.Storage.Postgres;

/// <summary>
/// The shared PostgreSQL database: one pooled data source; numbered migrations applied under an advisory lock, so N
/// instances starting together migrate once and the others wait for it. The connection string is never shown: only
/// <see cref="Location"/> (host, port, database, user).
/// </summary>
internal sealed class PostgresDatabase : ISqlDatabase, IStorageDatabase, IDisposable
{
    /// <summary>The advisory lock key migrations hold ("purser" in ASCII).</summary>
    internal const long MigrationLockKey = 0x707572736572;

    private readonly NpgsqlDataSource _dataSource;

    /// <param name="connectionString">An Npgsql connection string (already resolved from env:VAR).</param>
    /// <param name="migrate">Apply the migrations now (the gateway does; <c>purser db status</c> does not).</param>
    /// <exception cref="PurserConfigurationException">The server cannot be reached, refuses the login, or holds a newer schema.</exception>
    public PostgresDatabase(string connectionString, bool migrate = true)
    {
        Location = PostgresConnectionString.Redact(connectionString);
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            // Never let a password travel further than the connection (exceptions, logs of the driver).
            PersistSecurityInfo = false,
            IncludeErrorDetail = false,
        };
        if (string.IsNullOrEmpty(builder.ApplicationName))
        {
            builder.ApplicationName = "purser";
        }

        _dataSource = NpgsqlDataSource.Create(builder);
        if (migrate)
        {
            Migrate();
        }
        else
        {
            Status = ReadStatus();
            SchemaVersion = Status.Max(m => m.Applied ? m.Version : 0);
        }
    }

    public string Provider => "postgres";

    public SqlDialect Dialect => SqlDialect.Postgres;

    public DbConnection OpenConnection() => Open();

    public string Location { get; }

    public int SchemaVersion { get; private set; }

    /// <summary>
    /// Every migration this Purser knows and whether the database has it, as read when it was opened without migrating
    /// (<c>purser db status</c>); after <see cref="Migrate"/>, every one is applied.
    /// </summary>
    public IReadOnlyList<MigrationState> Status { get; private set; } = [];

    /// <summary>The newest schema version this Purser knows.</summary>
    public static int LatestVersion => PostgresMigrations.All.Max(m => m.Version);

    public NpgsqlDataSource DataSource => _dataSource;

    /// <summary>Opens a pooled connection.</summary>
    /// <exception cref="Errors.StorageUnavailableException">The server cannot be reached.</exception>
    public NpgsqlConnection Open()
    {
        try
        {
            return _dataSource.OpenConnection();
        }
        catch (Exception ex) when (Lost(ex, CancellationToken.None))
        {
            throw Unavailable(ex);
        }
    }

    /// <summary>Opens a pooled connection.</summary>
    /// <exception cref="Errors.StorageUnavailableException">The server cannot be reached.</exception>
    public async ValueTask<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _dataSource.OpenConnectionAsync(cancellationToken);
        }
        catch (Exception ex) when (Lost(ex, cancellationToken))
        {
            throw Unavailable(ex);
        }
    }

    /// <summary>Runs <paramref name="work"/> on a pooled connection: the one place a server that cannot be reached becomes a <see cref="Errors.StorageUnavailableException"/>.</summary>
    /// <exception cref="Errors.StorageUnavailableException">The server cannot be reached, or went away during the work.</exception>
    public async ValueTask<T> RunAsync<T>(Func<NpgsqlConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        try
        {
            await using NpgsqlConnection connection = await OpenAsync(cancellationToken);
            return await work(connection);
        }
        catch (Exception ex) when (Lost(ex, cancellationToken))
        {
            throw Unavailable(ex);
        }
    }

    /// <summary>A <c>SELECT 1</c> within 2 s.</summary>
    public async Task<bool> IsReachableAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            await using NpgsqlConnection connection = await _dataSource.OpenConnectionAsync(timeout.Token);
            await using var ping = new NpgsqlCommand("SELECT 1;", connection);
            await ping.ExecuteScalarAsync(timeout.Token);
            return true;
        }
        catch (Exception ex) when (ex is NpgsqlException or OperationCanceledException or IOException or System.Net.Sockets.SocketException or TimeoutException or InvalidOperationException)
        {
            return false;
        }
    }

    public long SizeBytes()
    {
        using NpgsqlConnection connection = Open();
        using var command = new NpgsqlCommand("SELECT pg_database_size(current_database());", connection);
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>Every migration this Purser knows, and whether the database has it.</summary>
    private IReadOnlyList<MigrationState> ReadStatus()
    {
        try
        {
            using NpgsqlConnection connection = _dataSource.OpenConnection();
            return States(ReadApplied(connection));
        }
        catch (Exception ex) when (IsUnreachable(ex) || ex is PostgresException)
        {
            throw StartupError(ex);
        }
    }

    /// <summary>The versions the database has, and when each was applied (none before the first migration).</summary>
    private static Dictionary<int, DateTimeOffset> ReadApplied(NpgsqlConnection connection)
    {
        var applied = new Dictionary<int, DateTimeOffset>();
        using (var exists = new NpgsqlCommand("SELECT to_regclass('schema_migrations') IS NOT NULL;", connection))
        {
            if (!(bool)exists.ExecuteScalar()!)
            {
                return applied;
            }
        }

        using var read = new NpgsqlCommand("SELECT version, applied_at FROM schema_migrations;", connection);
        using NpgsqlDataReader reader = read.ExecuteReader();
        while (reader.Read())
        {
            applied[reader.GetInt32(0)] = reader.GetFieldValue<DateTimeOffset>(1);
        }

        return applied;
    }

    private static List<MigrationState> States(Dictionary<int, DateTimeOffset> applied)
    {
        var states = PostgresMigrations.All.Select(m => new MigrationState(m.Version, m.Name, applied.ContainsKey(m.Version), applied.TryGetValue(m.Version, out DateTimeOffset at) ? at : null)).ToList();
        states.AddRange(applied.Keys.Where(v => PostgresMigrations.All.All(m => m.Version != v)).Select(v => new MigrationState(v, "(unknown to this Purser)", true, applied[v])));
        return states;
    }

    /// <summary>Applies the migrations not yet applied, one transaction each, under the advisory lock. Returns how many.</summary>
    /// <exception cref="PurserConfigurationException">The server cannot be reached, or the database is newer than this Purser.</exception>
    public int Migrate()
    {
        try
        {
            using NpgsqlConnection connection = _dataSource.OpenConnection();
            using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_lock($1);", connection))
            {
                lockCommand.Parameters.AddWithValue(MigrationLockKey);
                lockCommand.ExecuteNonQuery();
            }

            try
            {
                return MigrateLocked(connection);
            }
            finally
            {
                using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock($1);", connection);
                unlock.Parameters.AddWithValue(MigrationLockKey);
                unlock.ExecuteNonQuery();
            }
        }
        catch (Exception ex) when (IsUnreachable(ex) || ex is PostgresException)
        {
            throw StartupError(ex);
        }
    }

    private int MigrateLocked(NpgsqlConnection connection)
    {
        using (var create = new NpgsqlCommand("CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now());", connection))
        {
            create.ExecuteNonQuery();
        }

        Dictionary<int, DateTimeOffset> applied = ReadApplied(connection);
        int newest = LatestVersion;
        if (applied.Count > 0 && applied.Keys.Max() > newest)
        {
            throw new PurserConfigurationException([$"Purser:Database: the PostgreSQL database {Location} has schema version {applied.Keys.Max()}, newer than this Purser knows ({newest}). Upgrade Purser."]);
        }

        int count = 0;
        foreach (PostgresMigration migration in PostgresMigrations.All.OrderBy(m => m.Version))
        {
            if (applied.ContainsKey(migration.Version))
            {
                continue;
            }

            using NpgsqlTransaction transaction = connection.BeginTransaction();
            using (var apply = new NpgsqlCommand(migration.Sql, connection, transaction))
            {
                apply.ExecuteNonQuery();
            }

            using (var record = new NpgsqlCommand("INSERT INTO schema_migrations (version, name) VALUES ($1, $2) RETURNING applied_at;", connection, transaction))
            {
                record.Parameters.AddWithValue(migration.Version);
                record.Parameters.AddWithValue(migration.Name);
                applied[migration.Version] = new DateTimeOffset((DateTime)record.ExecuteScalar()!); // timestamptz comes back as a UTC DateTime
            }

            transaction.Commit();
            count++;
        }

        SchemaVersion = newest;
        Status = States(applied);
        return count;
    }

    /// <summary>
    /// Records a setting every instance must share the first time, and refuses to start an instance configured
    /// otherwise (budget windows cut differently would never meet in one counter).
    /// </summary>
    /// <exception cref="PurserConfigurationException">The database holds another value.</exception>
    public void AgreeSetting(string name, string value, string keys)
    {
        using NpgsqlConnection connection = Open();
        using var command = new NpgsqlCommand("""
            INSERT INTO purser_settings (name, value) VALUES (@name, @value) ON CONFLICT (name) DO NOTHING;
            SELECT value FROM purser_settings WHERE name = @name;
            """, connection);
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("value", value);
        string agreed = (string)command.ExecuteScalar()!;
        if (!string.Equals(agreed, value, StringComparison.Ordinal))
        {
            throw new PurserConfigurationException([$"{keys}: this instance cuts budget windows as '{value}', but the instances on {Location} cut them as '{agreed}'. Give every instance the same setting (or delete the row '{name}' of purser_settings when the change is meant)."]);
        }
    }

    public void Dispose() => _dataSource.Dispose();

    /// <summary>Whether an exception means the server could not be reached (as opposed to a refused statement).</summary>
    public static bool IsUnreachable(Exception exception) => exception switch
    {
        NpgsqlException { IsTransient: true } => true,
        PostgresException { SqlState: "57P01" or "57P02" or "57P03" or "08000" or "08003" or "08006" or "08001" or "08004" } => true,
        NpgsqlException { InnerException: System.Net.Sockets.SocketException or IOException or TimeoutException } => true,
        System.Net.Sockets.SocketException or TimeoutException => true,
        InvalidOperationException when exception.Message.Contains("connection", StringComparison.OrdinalIgnoreCase) => true,
        _ => false,
    };

    /// <summary>The server went away (not: the caller gave up, or it was already said).</summary>
    private static bool Lost(Exception ex, CancellationToken cancellationToken) =>
        ex is not Errors.StorageUnavailableException && IsUnreachable(ex) && !cancellationToken.IsCancellationRequested;

    private Errors.StorageUnavailableException Unavailable(Exception ex) =>
        new($"The PostgreSQL database {Location} cannot be reached: {ex.Message}");

    private PurserConfigurationException StartupError(Exception ex) => ex switch
    {
        PurserConfigurationException configuration => configuration,
        PostgresException { SqlState: "28P01" or "28000" } => new([$"Purser:Database: PostgreSQL at {Location} refused the login: {Scrub(ex.Message)}"]),
        PostgresException { SqlState: "3D000" } => new([$"Purser:Database: PostgreSQL at {Location} has no such database: {Scrub(ex.Message)}"]),
        PostgresException pg => new([$"Purser:Database: PostgreSQL at {Location}: {Scrub(pg.Message)}"]),
        _ => new([$"Purser:Database: cannot reach PostgreSQL at {Location}: {Scrub(ex.Message)}"]),
    };

    private static string Scrub(string message) => message.ReplaceLineEndings(" ");
}
