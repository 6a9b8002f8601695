using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Purser.Budgets;
using Purser.Caching;
using Purser.Configuration;
using Purser.Hosting;
using Purser.Keys;
using Purser.Ledger;
using Purser.Prompts;
using Purser.Reports;
using Purser.Sharing;
using Purser.Storage.Postgres;
using Purser.Storage.Sqlite;

namespace Purser.Storage.Hosting;

/// <summary>Registers the stores (embedded SQLite, or shared PostgreSQL) and the ledger on top of them.</summary>
public static class PurserBuilderStorageExtensions
{
    /// <param name="maxSizeBytes">The most the file may grow to (Purser:Database:MaxSizeMegabytes); past it writes fail as on a full disk.</param>
    /// <param name="lockTimeoutSeconds">How long a statement waits for another process's lock (Purser:Database:LockTimeoutSeconds).</param>
    public static PurserBuilder AddSqliteStorage(this PurserBuilder builder, string databasePath, long? maxSizeBytes = null, int lockTimeoutSeconds = SqliteDatabase.DefaultLockTimeoutSeconds)
    {
        builder.Services.TryAddSingleton(sp => new SqliteDatabase(databasePath, maxSizeBytes, lockTimeoutSeconds, sp.GetService<TimeProvider>()));
        builder.Services.TryAddSingleton<IStorageDatabase>(sp => sp.GetRequiredService<SqliteDatabase>());
        builder.Services.TryAddSingleton<ILedgerStore, SqliteLedgerStore>();
        builder.Services.TryAddSingleton<ICostReportStore, SqliteCostReportStore>();
        builder.Services.TryAddSingleton<Calls.ICallStore, SqliteCallStore>();
        builder.Services.TryAddSingleton<ICacheStore, SqliteCacheStore>();
        builder.Services.TryAddSingleton<Keys.IKeyStore, SqliteKeyStore>();
        builder.Services.TryAddSingleton<Budgets.IBudgetStore, SqliteBudgetStore>();
        builder.Services.TryAddSingleton<Budgets.IBudgetSpendStore, SqliteBudgetSpendStore>();
        builder.Services.TryAddSingleton<Alerts.IAlertStore, SqliteAlertStore>();
        builder.Services.TryAddSingleton<ResponseState.IResponseStore, SqliteResponseStore>();
        builder.Services.TryAddSingleton<Sessions.ISessionStore, SqliteSessionStore>();
        return builder.AddLedger().AddResponseCache().AddResponseState();
    }

    /// <summary>
    /// The stores on a PostgreSQL database several instances share (docs/SCALE-OUT.md): hard budgets reserved in the
    /// database (<see cref="SharedBudgets"/>), this instance's heartbeat (<see cref="PostgresInstance"/>), and changes
    /// announced to and heard from the others (<see cref="PostgresChangeFeed"/>, <see cref="SharedStateSync"/>).
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="database">The database, already reached and migrated (start-up fails clearly otherwise).</param>
    /// <param name="options">Purser:Database.</param>
    internal static PurserBuilder AddPostgresStorage(this PurserBuilder builder, PostgresDatabase database, DatabaseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        IServiceCollection services = builder.Services;
        services.TryAddSingleton(database);
        services.TryAddSingleton<IStorageDatabase>(database);
        services.TryAddSingleton<ILedgerStore, PostgresLedgerStore>();
        services.TryAddSingleton<ICostReportStore, PostgresCostReportStore>();
        services.TryAddSingleton<Calls.ICallStore, PostgresCallStore>();
        services.TryAddSingleton<ICacheStore, PostgresCacheStore>();
        services.TryAddSingleton<IKeyStore, PostgresKeyStore>();
        services.TryAddSingleton<IBudgetStore, PostgresBudgetStore>();
        services.TryAddSingleton<IBudgetSpendStore, PostgresBudgetSpendStore>();
        services.TryAddSingleton<Alerts.IAlertStore, PostgresAlertStore>();
        services.TryAddSingleton<ResponseState.IResponseStore, PostgresResponseStore>();
        services.TryAddSingleton<Sessions.ISessionStore, PostgresSessionStore>();
        services.TryAddSingleton(sp => new PostgresInstance(database, TimeSpan.FromSeconds(options.InstanceTimeoutSeconds), sp.GetRequiredService<ILogger<PostgresInstance>>()));
        services.TryAddSingleton<ISharedBudgetStore, PostgresSharedBudgetStore>();
        services.TryAddSingleton<SharedBudgets>();
        services.TryAddSingleton<PostgresChangeFeed>();
        services.TryAddSingleton<ISharedChanges>(sp => sp.GetRequiredService<PostgresChangeFeed>());
        services.TryAddSingleton(sp => new SharedStateSync(
            sp.GetRequiredService<ISharedChanges>(),
            sp.GetRequiredService<KeyRegistry>(),
            sp.GetRequiredService<BudgetManager>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<SharedStateSync>>(),
            TimeSpan.FromSeconds(options.ResyncSeconds),
            sp.GetService<ResponseCache>(),
            sp.GetService<SharedBudgets>(),
            sp.GetService<PromptLibrary>() is { } prompts
                ? new SharedPrompts(prompts, new PostgresPromptFileStore(database), sp.GetRequiredService<ISharedChanges>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<SharedPrompts>>())
                : null));
        return builder.AddLedger().AddResponseCache().AddResponseState();
    }
}
