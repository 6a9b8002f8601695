using Microsoft.Data.Sqlite;
using Purser.Keys;
using Purser.RateLimits;

namespace Purser.Storage.Sqlite;

/// <summary>Virtual keys in the embedded database: the SHA-256 of each key, never the key.</summary>
public sealed class SqliteKeyStore(SqliteDatabase database) : IKeyStore
{
    public IReadOnlyList<VirtualKey> List()
    {
        using SqliteConnection connection = database.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT id, name, hash, project, agent, user_name, tags, models, created_ms, revoked_ms, rpm, tpm, rpd, tpd FROM virtual_keys;";
        using SqliteDataReader reader = command.ExecuteReader();
        var keys = new List<VirtualKey>();
        while (reader.Read())
        {
            keys.Add(new VirtualKey
            {
                Id = reader.GetString(0),
                Name = reader.GetString(1),
                Hash = (byte[])reader.GetValue(2),
                Project = Text(reader, 3),
                Agent = Text(reader, 4),
                User = Text(reader, 5),
                Tags = Split(Text(reader, 6)),
                Models = Split(Text(reader, 7)),
                CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(8)),
                RevokedAt = reader.IsDBNull(9) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(9)),
                Limits = new RateLimit { Rpm = Number(reader, 10), Tpm = Number(reader, 11), Rpd = Number(reader, 12), Tpd = Number(reader, 13) },
            });
        }

        return keys;
    }

    public void Insert(VirtualKey key)
    {
        using SqliteConnection connection = database.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO virtual_keys (id, name, hash, project, agent, user_name, tags, models, created_ms, revoked_ms, rpm, tpm, rpd, tpd)
            VALUES ($id, $name, $hash, $project, $agent, $user, $tags, $models, $created, NULL, $rpm, $tpm, $rpd, $tpd);
            """;
        command.Parameters.AddWithValue("$id", key.Id);
        command.Parameters.AddWithValue("$name", key.Name);
        command.Parameters.AddWithValue("$hash", key.Hash);
        command.Parameters.AddWithValue("$project", (object?)key.Project ?? DBNull.Value);
        command.Parameters.AddWithValue("$agent", (object?)key.Agent ?? DBNull.Value);
        command.Parameters.AddWithValue("$user", (object?)key.User ?? DBNull.Value);
        command.Parameters.AddWithValue("$tags", key.Tags.Count == 0 ? DBNull.Value : string.Join('\n', key.Tags));
        command.Parameters.AddWithValue("$models", key.Models.Count == 0 ? DBNull.Value : string.Join('\n', key.Models));
        command.Parameters.AddWithValue("$created", key.CreatedAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$rpm", (object?)key.Limits.Rpm ?? DBNull.Value);
        command.Parameters.AddWithValue("$tpm", (object?)key.Limits.Tpm ?? DBNull.Value);
        command.Parameters.AddWithValue("$rpd", (object?)key.Limits.Rpd ?? DBNull.Value);
        command.Parameters.AddWithValue("$tpd", (object?)key.Limits.Tpd ?? DBNull.Value);
        command.ExecuteNonQuery();
    }

    public bool Revoke(string id, DateTimeOffset at)
    {
        using SqliteConnection connection = database.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "UPDATE virtual_keys SET revoked_ms = $at WHERE id = $id AND revoked_ms IS NULL;";
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$at", at.ToUnixTimeMilliseconds());
        return command.ExecuteNonQuery() == 1;
    }

    private static string? Text(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static long? Number(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

    private static IReadOnlyList<string> Split(string? joined) => joined is null ? [] : joined.Split('\n');
}
