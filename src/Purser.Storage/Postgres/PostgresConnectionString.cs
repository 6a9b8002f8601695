using Npgsql;

namespace Purser.Storage.Postgres;

/// <summary>
/// The PostgreSQL connection string of <c>Purser:Database:ConnectionString</c>: a value, or <c>env:VARIABLE</c> read at
/// start-up. <see cref="Redact"/> is the only form that is ever shown or logged: the password (and any other secret
/// keyword) is left out.
/// </summary>
internal static class PostgresConnectionString
{
    private const string EnvPrefix = "env:";

    /// <summary>Reads <c>env:VARIABLE</c>; any other value is the connection string itself.</summary>
    /// <exception cref="ArgumentException">The variable is named but not set, or the string is malformed (the message never contains it).</exception>
    public static string Resolve(string configured, Func<string, string?> getEnvironmentVariable)
    {
        ArgumentNullException.ThrowIfNull(configured);
        ArgumentNullException.ThrowIfNull(getEnvironmentVariable);
        string value = configured;
        if (configured.StartsWith(EnvPrefix, StringComparison.OrdinalIgnoreCase))
        {
            string variable = configured[EnvPrefix.Length..].Trim();
            value = variable.Length == 0
                ? throw new ArgumentException("Purser:Database:ConnectionString 'env:' names no environment variable.")
                : getEnvironmentVariable(variable) is { Length: > 0 } set
                    ? set
                    : throw new ArgumentException($"Purser:Database:ConnectionString reads the environment variable {variable}, which is not set.");
        }

        try
        {
            _ = new NpgsqlConnectionStringBuilder(value);
        }
        catch (ArgumentException)
        {
            // The parser's message may quote the string, password included: say only what is wrong.
            throw new ArgumentException("Purser:Database:ConnectionString is not a valid PostgreSQL connection string (Host=…;Database=…;Username=…;Password=…).");
        }

        return value;
    }

    /// <summary>Host, port, database and user, never the password: what messages and logs show.</summary>
    public static string Redact(string connectionString)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException)
        {
            return "(an invalid connection string)";
        }

        string host = builder.Host ?? "localhost";
        string user = builder.Username is { Length: > 0 } u ? u + "@" : "";
        return $"postgres://{user}{host}:{builder.Port}/{builder.Database ?? builder.Username ?? ""}";
    }
}
