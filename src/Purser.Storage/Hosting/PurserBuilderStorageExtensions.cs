using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Purser.Caching;
using Purser.Hosting;
using Purser.Ledger;
using Purser.Reports;
using Purser.Storage.Sqlite;

namespace Purser.Storage.Hosting;

/// <summary>Registers the embedded SQLite stores and the ledger on top of them.</summary>
public static class PurserBuilderStorageExtensions
{
    /// <param name="maxSizeBytes">The most the file may grow to (Purser:Database:MaxSizeMegabytes); past it writes fail as on a full disk.</param>
    /// <param name="lockTimeoutSeconds">How long a statement waits for another process's lock (Purser:Database:LockTimeoutSeconds).</param>
    public static PurserBuilder AddSqliteStorage(this PurserBuilder builder, string databasePath, long? maxSizeBytes = null, int lockTimeoutSeconds = SqliteDatabase.DefaultLockTimeoutSeconds)
    {
        builder.Services.TryAddSingleton(sp => new SqliteDatabase(databasePath, maxSizeBytes, lockTimeoutSeconds, sp.GetService<TimeProvider>()));
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
}
