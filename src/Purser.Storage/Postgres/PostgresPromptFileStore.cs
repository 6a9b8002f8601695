using Npgsql;
using Purser.Prompts;

namespace Purser.Storage.Postgres;

/// <summary>The prompt library's user file shared by the instances of one database: the one row of table prompt_library (migration 4).</summary>
internal sealed class PostgresPromptFileStore(PostgresDatabase database) : IPromptFileStore
{
    public string? Read()
    {
        using NpgsqlConnection connection = database.Open();
        using var command = new NpgsqlCommand("SELECT json FROM prompt_library WHERE id = 1;", connection);
        return command.ExecuteScalar() as string;
    }

    public void Write(string json, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(json);
        using NpgsqlConnection connection = database.Open();
        using var command = new NpgsqlCommand("""
            INSERT INTO prompt_library (id, json, updated_ms) VALUES (1, $1, $2)
            ON CONFLICT (id) DO UPDATE SET json = excluded.json, updated_ms = excluded.updated_ms;
            """, connection);
        command.Parameters.AddWithValue(json);
        command.Parameters.AddWithValue(at.ToUnixTimeMilliseconds());
        command.ExecuteNonQuery();
    }
}
