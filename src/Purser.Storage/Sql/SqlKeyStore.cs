using System.Data.Common;
using Purser.Keys;
using Purser.RateLimits;

namespace Purser.Storage.Sql;

/// <summary>Virtual keys (table virtual_keys): the SHA-256 of each key, never the key. One implementation for both engines.</summary>
internal abstract class SqlKeyStore(ISqlDatabase database) : IKeyStore
{
    public IReadOnlyList<VirtualKey> List()
    {
        using DbConnection connection = database.OpenConnection();
        using DbCommand command = connection.Command("SELECT id, name, hash, project, agent, user_name, tags, models, created_ms, revoked_ms, rpm, tpm, rpd, tpd, repository, model FROM virtual_keys;");
        using DbDataReader reader = command.ExecuteReader();
        var keys = new List<VirtualKey>();
        while (reader.Read())
        {
            keys.Add(new VirtualKey
            {
                Id = reader.GetString(0),
                Name = reader.GetString(1),
                Hash = (byte[])reader.GetValue(2),
                Project = reader.TextOrNull(3),
                Agent = reader.TextOrNull(4),
                User = reader.TextOrNull(5),
                Tags = Split(reader.TextOrNull(6)),
                Models = Split(reader.TextOrNull(7)),
                CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(8)),
                RevokedAt = reader.LongOrNull(9) is long revoked ? DateTimeOffset.FromUnixTimeMilliseconds(revoked) : null,
                Limits = new RateLimit { Rpm = reader.LongOrNull(10), Tpm = reader.LongOrNull(11), Rpd = reader.LongOrNull(12), Tpd = reader.LongOrNull(13) },
                Repository = reader.TextOrNull(14),
                Model = reader.TextOrNull(15),
            });
        }

        return keys;
    }

    public void Insert(VirtualKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        using DbConnection connection = database.OpenConnection();
        using DbCommand command = connection.Command("""
            INSERT INTO virtual_keys (id, name, hash, project, agent, user_name, tags, models, created_ms, revoked_ms, rpm, tpm, rpd, tpd, repository, model)
            VALUES (@id, @name, @hash, @project, @agent, @user, @tags, @models, @created, NULL, @rpm, @tpm, @rpd, @tpd, @repository, @model);
            """)
            .Text("@id", key.Id).Text("@name", key.Name).Bytes("@hash", key.Hash).Text("@project", key.Project).Text("@agent", key.Agent)
            .Text("@user", key.User).Text("@tags", key.Tags.Count == 0 ? null : string.Join('\n', key.Tags))
            .Text("@models", key.Models.Count == 0 ? null : string.Join('\n', key.Models)).Long("@created", key.CreatedAt.ToUnixTimeMilliseconds())
            .Long("@rpm", key.Limits.Rpm).Long("@tpm", key.Limits.Tpm).Long("@rpd", key.Limits.Rpd).Long("@tpd", key.Limits.Tpd)
            .Text("@repository", key.Repository).Text("@model", key.Model);
        command.ExecuteNonQuery();
    }

    public bool Revoke(string id, DateTimeOffset at)
    {
        using DbConnection connection = database.OpenConnection();
        using DbCommand command = connection.Command("UPDATE virtual_keys SET revoked_ms = @at WHERE id = @id AND revoked_ms IS NULL;")
            .Text("@id", id).Long("@at", at.ToUnixTimeMilliseconds());
        return command.ExecuteNonQuery() == 1;
    }

    private static IReadOnlyList<string> Split(string? joined) => joined is null ? [] : joined.Split('\n');
}
