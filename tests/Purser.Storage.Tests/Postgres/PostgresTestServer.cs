using Npgsql;

namespace Purser.Tests;

/// <summary>
/// The PostgreSQL server the tests use: the one named by PURSER_TEST_POSTGRES (scripts/test.sh starts a throwaway
/// cluster and sets it). Each test gets a database of its own, dropped afterwards. When no server is named or it
/// cannot be reached, the PostgreSQL tests are skipped with the reason (<see cref="RequireServer"/>, in a
/// <c>[SkippableFact]</c>);
/// with PURSER_REQUIRE_POSTGRES=1 (CI) they fail instead.
/// </summary>
internal static class PostgresTestServer
{
    public const string Variable = "PURSER_TEST_POSTGRES";

    private static readonly Lazy<string?> Problem = new(Probe);

    /// <summary>Why the PostgreSQL tests cannot run here; null when they can.</summary>
    public static string? Unavailable => Problem.Value;

    public static bool Required => Environment.GetEnvironmentVariable("PURSER_REQUIRE_POSTGRES") == "1";

    /// <summary>Skips the calling <c>[SkippableFact]</c>, saying why, when there is no server to run it on.</summary>
    public static void RequireServer() => Skip.If(Unavailable is not null, Unavailable);

    /// <summary>The server's maintenance connection string.</summary>
    public static string Admin => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } admin
        ? admin
        : throw new InvalidOperationException($"PURSER_REQUIRE_POSTGRES=1 but {Variable} is not set: no PostgreSQL server was started.");

    /// <summary>Creates an empty database (a new one, or again the one of <paramref name="again"/> when it is gone); returns its connection string.</summary>
    public static string CreateDatabase(string? again = null)
    {
        string name = again is null ? "purser_test_" + Guid.NewGuid().ToString("N") : new NpgsqlConnectionStringBuilder(again).Database!;
        using (var connection = new NpgsqlConnection(Admin))
        {
            connection.Open();
            using var exists = new NpgsqlCommand("SELECT COUNT(*) FROM pg_database WHERE datname = $1;", connection);
            exists.Parameters.AddWithValue(name);
            if ((long)exists.ExecuteScalar()! == 0)
            {
                using var command = new NpgsqlCommand($"CREATE DATABASE {name};", connection);
                command.ExecuteNonQuery();
            }
        }

        return new NpgsqlConnectionStringBuilder(Admin) { Database = name }.ConnectionString;
    }

    /// <summary>The first column of the first row of a query, as a 64-bit integer.</summary>
    public static long Count(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Drops a database <see cref="CreateDatabase"/> made (its connections are closed first).</summary>
    public static void DropDatabase(string connectionString)
    {
        string name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        NpgsqlConnection.ClearAllPools();
        using var connection = new NpgsqlConnection(Admin);
        connection.Open();
        using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE);", connection);
        command.ExecuteNonQuery();
    }

    private static string? Probe()
    {
        string? admin = Environment.GetEnvironmentVariable(Variable);
        string? problem = null;
        if (string.IsNullOrWhiteSpace(admin))
        {
            problem = $"no PostgreSQL server: {Variable} is not set (scripts/test.sh starts one with scripts/postgres-server.sh)";
        }
        else
        {
            try
            {
                using var connection = new NpgsqlConnection(admin);
                connection.Open();
            }
            catch (Exception ex) when (ex is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
            {
                problem = $"the PostgreSQL server of {Variable} cannot be reached: {ex.Message}";
            }
        }

        // Required (CI): the tests run, and fail on the problem, rather than pass by being skipped.
        return Required ? null : problem;
    }
}
