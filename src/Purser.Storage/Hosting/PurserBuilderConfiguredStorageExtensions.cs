using Purser.Budgets;
using Purser.Configuration;
using Purser.Hosting;
using Purser.Storage.Postgres;

namespace Purser.Storage.Hosting;

/// <summary>
/// The storage <c>Purser:Database</c> names, for hosts composed from configuration: the embedded SQLite file (default
/// <c>&lt;Home&gt;/purser.db</c>) or a PostgreSQL database several instances share.
/// </summary>
public static class PurserBuilderConfiguredStorageExtensions
{
    /// <summary>Registers the SQLite stores and the ledger at <see cref="DatabasePath"/>; rows the database cannot take spool beside it.</summary>
    public static PurserBuilder AddSqliteStorage(this PurserBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        PurserOptions options = builder.RequireOptions("The storage");
        string path = DatabasePath(options);
        options.Ledger.SpoolFolder ??= Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, "ledger-spool");
        return builder.AddSqliteStorage(
            path,
            options.Database.MaxSizeMegabytes is double mb ? (long)(mb * 1024 * 1024) : null,
            options.Database.LockTimeoutSeconds);
    }

    /// <summary>
    /// Registers the stores on the PostgreSQL database of <c>Purser:Database:ConnectionString</c> (a value or env:VAR),
    /// reached and migrated now, so an unreachable server or a refused login stops start-up with a message naming the
    /// server but never the password. Rows the database cannot take wait in <c>&lt;Home&gt;/ledger-spool</c>.
    /// </summary>
    /// <exception cref="PurserConfigurationException">The database cannot be used.</exception>
    public static PurserBuilder AddPostgresStorage(this PurserBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        PurserOptions options = builder.RequireOptions("The storage");
        options.Ledger.SpoolFolder ??= Path.Combine(Path.GetFullPath(options.Home!), "ledger-spool");
        return builder.AddPostgresStorage(OpenPostgres(options, builder.GetEnvironmentVariable), options.Database);
    }

    /// <summary>The storage <c>Purser:Database:Provider</c> names: <see cref="AddPostgresStorage(PurserBuilder)"/> for <c>postgres</c>, else <see cref="AddSqliteStorage(PurserBuilder)"/>.</summary>
    /// <exception cref="PurserConfigurationException">The PostgreSQL database cannot be used.</exception>
    public static PurserBuilder AddStorage(this PurserBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return IsPostgres(builder.RequireOptions("The storage")) ? builder.AddPostgresStorage() : builder.AddSqliteStorage();
    }

    /// <summary>Whether Purser:Database:Provider names PostgreSQL.</summary>
    public static bool IsPostgres(PurserOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return string.Equals(options.Database.Provider, "postgres", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Reaches (and, when <paramref name="migrate"/>, migrates) the PostgreSQL database and checks its budget windows are this instance's.</summary>
    /// <exception cref="PurserConfigurationException">The database cannot be used.</exception>
    internal static PostgresDatabase OpenPostgres(PurserOptions options, Func<string, string?> environment, bool migrate = true)
    {
        string connectionString;
        try
        {
            connectionString = PostgresConnectionString.Resolve(options.Database.ConnectionString ?? "", environment);
        }
        catch (ArgumentException ex)
        {
            throw new PurserConfigurationException([ex.Message]);
        }

        var database = new PostgresDatabase(connectionString, migrate);
        if (migrate)
        {
            // Every instance must cut budget windows the same way, or their counters would not meet.
            string zone = BudgetTimeZone.TryResolve(options.Budgets.TimeZone, TimeProvider.System, out TimeZoneInfo resolved) ? resolved.Id : "UTC";
            database.AgreeSetting("budget_windows", $"{zone}; weeks start {options.Budgets.WeekStartsOn}", "Purser:Budgets:TimeZone and Purser:Budgets:WeekStartsOn");
        }

        return database;
    }

    /// <summary>The SQLite file: Purser:Database:ConnectionString, or &lt;Home&gt;/purser.db.</summary>
    public static string DatabasePath(PurserOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Database.ConnectionString is { Length: > 0 } path ? path : Path.Combine(options.Home!, "purser.db");
    }
}
