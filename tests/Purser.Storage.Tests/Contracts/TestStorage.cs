using System.Data.Common;
using Purser.Alerts;
using Purser.Budgets;
using Purser.Caching;
using Purser.Keys;
using Purser.Ledger;
using Purser.Reports;
using Purser.ResponseState;
using Purser.Storage.Postgres;
using Purser.Storage.Sqlite;
using Purser.Storage.Sql;
using Purser.Tests;

namespace Purser.Storage.Tests.Contracts;

/// <summary>
/// A fresh database of one engine and its stores: the contract tests (one abstract class per store interface) run
/// each test against SQLite and against PostgreSQL through this.
/// </summary>
internal abstract class TestStorage : IDisposable
{
    public abstract ILedgerStore Ledger();

    public abstract ICostReportStore CostReports();

    public abstract IBudgetSpendStore BudgetSpend();

    public abstract IBudgetStore Budgets(TimeProvider time);

    public abstract IKeyStore Keys();

    public abstract IAlertStore Alerts();

    public abstract ICacheStore Cache();

    public abstract IResponseStore Responses();

    public abstract Sessions.ISessionStore Sessions();

    /// <summary>The database, for the tests' own queries.</summary>
    public abstract ISqlDatabase Sql { get; }

    /// <summary>The first row of a query, every column as a 64-bit integer (null as 0).</summary>
    public long[] Row(string sql)
    {
        using DbConnection connection = Sql.OpenConnection();
        using DbCommand command = connection.CreateCommand();
        command.CommandText = sql;
        using DbDataReader reader = command.ExecuteReader();
        reader.Read().ShouldBeTrue();
        var row = new long[reader.FieldCount];
        for (int i = 0; i < row.Length; i++)
        {
            row[i] = reader.IsDBNull(i) ? 0 : Convert.ToInt64(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture);
        }

        return row;
    }

    public abstract void Dispose();
}

/// <summary>A contract test class: its tests run once per engine, in a sealed subclass saying which.</summary>
public abstract class StoreContract
{
    /// <summary>A fresh database (the PostgreSQL tests skip, saying why, without a server).</summary>
    private protected abstract TestStorage Open();
}

/// <summary>A new SQLite file in a temporary folder.</summary>
internal sealed class SqliteTestStorage : TestStorage
{
    private readonly Sqlite.TempDatabase _temp = new();

    public SqliteDatabase Database => _temp.Database;

    public override ISqlDatabase Sql => _temp.Database;

    public override ILedgerStore Ledger() => new SqliteLedgerStore(_temp.Database);

    public override ICostReportStore CostReports() => new SqliteCostReportStore(_temp.Database);

    public override IBudgetSpendStore BudgetSpend() => new SqliteBudgetSpendStore(_temp.Database);

    public override IBudgetStore Budgets(TimeProvider time) => new SqliteBudgetStore(_temp.Database, time);

    public override IKeyStore Keys() => new SqliteKeyStore(_temp.Database);

    public override IAlertStore Alerts() => new SqliteAlertStore(_temp.Database);

    public override ICacheStore Cache() => new SqliteCacheStore(_temp.Database);

    public override IResponseStore Responses() => new SqliteResponseStore(_temp.Database);

    public override Sessions.ISessionStore Sessions() => new SqliteSessionStore(_temp.Database);

    public override void Dispose() => _temp.Dispose();
}

/// <summary>A new database on the test PostgreSQL server (<see cref="PostgresTestServer"/>), migrated, dropped afterwards.</summary>
internal sealed class PostgresTestStorage : TestStorage
{
    private readonly string _connectionString = PostgresTestServer.CreateDatabase();

    private PostgresTestStorage() => Database = new PostgresDatabase(_connectionString);

    /// <summary>A new database; skips the calling <c>[SkippableFact]</c>, saying why, when there is no server.</summary>
    public static PostgresTestStorage Open()
    {
        PostgresTestServer.RequireServer();
        return new PostgresTestStorage();
    }

    public PostgresDatabase Database { get; }

    public override ISqlDatabase Sql => Database;

    public string ConnectionString => _connectionString;

    public override ILedgerStore Ledger() => new PostgresLedgerStore(Database);

    public override ICostReportStore CostReports() => new PostgresCostReportStore(Database);

    public override IBudgetSpendStore BudgetSpend() => new PostgresBudgetSpendStore(Database);

    public override IBudgetStore Budgets(TimeProvider time) => new PostgresBudgetStore(Database, time);

    public override IKeyStore Keys() => new PostgresKeyStore(Database);

    public override IAlertStore Alerts() => new PostgresAlertStore(Database);

    public override ICacheStore Cache() => new PostgresCacheStore(Database);

    public override IResponseStore Responses() => new PostgresResponseStore(Database);

    public override Sessions.ISessionStore Sessions() => new PostgresSessionStore(Database);

    public override void Dispose()
    {
        Database.Dispose();
        PostgresTestServer.DropDatabase(_connectionString);
    }
}
