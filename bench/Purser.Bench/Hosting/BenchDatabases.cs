using System.Net;
using Npgsql;
using Purser.Bench.Report;

namespace Purser.Bench.Hosting;

/// <summary>
/// The PostgreSQL databases of a --storage run: one fresh database per Purser target (purser_bench_*), created on the
/// server of --postgres (which must be on loopback) and dropped again when the run ends; and the ledger checks after it.
/// </summary>
internal sealed class BenchDatabases : IAsyncDisposable
{
    private const string Prefix = "purser_bench_";

    private readonly NpgsqlConnectionStringBuilder _admin;
    private readonly List<string> _created = [];

    private BenchDatabases(NpgsqlConnectionStringBuilder admin) => _admin = admin;

    /// <exception cref="InvalidOperationException">The connection string is malformed or names a server that is not on 127.0.0.1.</exception>
    public static BenchDatabases For(string connection)
    {
        NpgsqlConnectionStringBuilder admin;
        try
        {
            admin = new NpgsqlConnectionStringBuilder(connection);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidOperationException($"--postgres is not an Npgsql connection string: {ex.Message}");
        }

        bool loopback = admin.Host is { } host
            && (host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host, out IPAddress? address) && IPAddress.IsLoopback(address)));
        if (!loopback)
        {
            throw new InvalidOperationException("--postgres must name a server on 127.0.0.1 (the benchmark sends traffic to loopback only).");
        }

        admin.Pooling = false;
        return new BenchDatabases(admin);
    }

    /// <summary>Creates an empty database purser_bench_<paramref name="name"/> (dropping one left by an earlier run) and returns its connection string.</summary>
    public async Task<string> CreateAsync(string name, CancellationToken cancellationToken)
    {
        string database = Prefix + name;
        await ExecuteAsync($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", cancellationToken);
        await ExecuteAsync($"CREATE DATABASE {database}", cancellationToken);
        _created.Add(database);
        return new NpgsqlConnectionStringBuilder(_admin.ConnectionString) { Database = database, Pooling = true }.ConnectionString;
    }

    /// <summary>What the database of <paramref name="name"/> holds after the run: ledger rows and their cost, and the hard budget's counter.</summary>
    public async Task<LedgerCheck> CheckAsync(string target, string name, long served, long inFlight, decimal? limitUsd, string budget, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(_admin.ConnectionString) { Database = Prefix + name };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            """
            SELECT (SELECT count(*) FROM ledger),
                   (SELECT coalesce(sum(cost_pico), 0) FROM ledger),
                   (SELECT sum(spent) FROM budget_counters WHERE budget = @budget AND unit = 'usd'),
                   (SELECT sum(reserved) FROM budget_counters WHERE budget = @budget AND unit = 'usd'),
                   (SELECT count(*) FROM budget_holds)
            """,
            connection);
        command.Parameters.AddWithValue("budget", budget);
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        long? Nullable(int i) => reader.IsDBNull(i) ? null : Convert.ToInt64(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture);
        return new LedgerCheck(
            target, served, inFlight, reader.GetInt64(0), Convert.ToInt64(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture),
            limitUsd, Nullable(2), Nullable(3), reader.GetInt64(4));
    }

    /// <summary>The server's version and the settings that decide what a commit costs, for the report.</summary>
    public async Task<string> DescribeAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(_admin.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT current_setting('server_version'), current_setting('fsync'), current_setting('synchronous_commit'), current_setting('shared_buffers')", connection);
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return $"PostgreSQL {reader.GetString(0)} on 127.0.0.1 (fsync {reader.GetString(1)}, synchronous_commit {reader.GetString(2)}, shared_buffers {reader.GetString(3)})";
    }

    public async ValueTask DisposeAsync()
    {
        foreach (string database in _created)
        {
            try
            {
                await ExecuteAsync($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", CancellationToken.None);
            }
            catch (NpgsqlException)
            {
                // The server went first (bench/run.sh stops its throwaway cluster anyway); nothing else to clean up.
            }
        }
    }

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(_admin.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
