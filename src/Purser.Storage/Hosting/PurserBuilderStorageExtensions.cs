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
    public static PurserBuilder AddSqliteStorage(this PurserBuilder builder, string databasePath)
    {
        builder.Services.TryAddSingleton(_ => new SqliteDatabase(databasePath));
        builder.Services.TryAddSingleton<ILedgerStore, SqliteLedgerStore>();
        builder.Services.TryAddSingleton<ICostReportStore, SqliteCostReportStore>();
        builder.Services.TryAddSingleton<Calls.ICallStore, SqliteCallStore>();
        builder.Services.TryAddSingleton<ICacheStore, SqliteCacheStore>();
        builder.Services.TryAddSingleton<Keys.IKeyStore, SqliteKeyStore>();
        builder.Services.TryAddSingleton<Budgets.IBudgetStore, SqliteBudgetStore>();
        builder.Services.TryAddSingleton<Budgets.IBudgetSpendStore, SqliteBudgetSpendStore>();
        builder.Services.TryAddSingleton<Alerts.IAlertStore, SqliteAlertStore>();
        builder.Services.TryAddSingleton<ResponseState.IResponseStore, SqliteResponseStore>();
        return builder.AddLedger().AddResponseCache().AddResponseState();
    }
}
