using Microsoft.Data.Sqlite;
using Purser.ResponseState;

namespace Purser.Storage.Sqlite;

/// <summary>Conversation state of Responses calls in the embedded database (table responses).</summary>
public sealed class SqliteResponseStore(SqliteDatabase database) : IResponseStore
{
    public Task<StoredResponse?> GetAsync(string id, CancellationToken cancellationToken)
    {
        using SqliteConnection connection = database.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT previous_id, key_id, created_ms, expires_ms, input, response FROM responses WHERE id = $id;";
        command.Parameters.AddWithValue("$id", id);
        using SqliteDataReader r = command.ExecuteReader();
        if (!r.Read())
        {
            return Task.FromResult<StoredResponse?>(null);
        }

        return Task.FromResult<StoredResponse?>(new StoredResponse(
            id,
            r.IsDBNull(0) ? null : r.GetString(0),
            r.IsDBNull(1) ? null : r.GetString(1),
            DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(2)),
            DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(3)),
            (byte[])r.GetValue(4),
            (byte[])r.GetValue(5)));
    }

    public Task WriteAsync(IReadOnlyList<StoredResponse> responses, CancellationToken cancellationToken)
    {
        if (responses.Count == 0)
        {
            return Task.CompletedTask;
        }

        using SqliteConnection connection = database.Open();
        using SqliteTransaction transaction = connection.BeginTransaction();
        using SqliteCommand insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT OR REPLACE INTO responses (id, previous_id, key_id, created_ms, expires_ms, bytes, input, response)
            VALUES ($id, $previous, $key, $created, $expires, $bytes, $input, $response);
            """;
        foreach (string name in (string[])["$id", "$previous", "$key", "$created", "$expires", "$bytes", "$input", "$response"])
        {
            insert.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        foreach (StoredResponse response in responses)
        {
            insert.Parameters["$id"].Value = response.Id;
            insert.Parameters["$previous"].Value = (object?)response.PreviousResponseId ?? DBNull.Value;
            insert.Parameters["$key"].Value = (object?)response.KeyId ?? DBNull.Value;
            insert.Parameters["$created"].Value = response.CreatedAt.ToUnixTimeMilliseconds();
            insert.Parameters["$expires"].Value = response.ExpiresAt.ToUnixTimeMilliseconds();
            insert.Parameters["$bytes"].Value = response.Bytes;
            insert.Parameters["$input"].Value = response.Input;
            insert.Parameters["$response"].Value = response.Response;
            insert.ExecuteNonQuery();
        }

        transaction.Commit();
        return Task.CompletedTask;
    }

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        using SqliteConnection connection = database.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "DELETE FROM responses WHERE id = $id;";
        command.Parameters.AddWithValue("$id", id);
        return Task.FromResult(command.ExecuteNonQuery() > 0);
    }

    public Task<int> PurgeAsync(DateTimeOffset now, long maxBytes, CancellationToken cancellationToken)
    {
        using SqliteConnection connection = database.Open();
        using SqliteTransaction transaction = connection.BeginTransaction();
        using SqliteCommand expired = connection.CreateCommand();
        expired.Transaction = transaction;
        expired.CommandText = "DELETE FROM responses WHERE expires_ms <= $now;";
        expired.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        int removed = expired.ExecuteNonQuery();

        // Past the cap, the oldest go first: keep the newest responses whose running total fits.
        using SqliteCommand oldest = connection.CreateCommand();
        oldest.Transaction = transaction;
        oldest.CommandText = """
            DELETE FROM responses WHERE id IN (
                SELECT id FROM (
                    SELECT id, SUM(bytes) OVER (ORDER BY created_ms DESC, id DESC) AS running FROM responses
                ) WHERE running > $max
            );
            """;
        oldest.Parameters.AddWithValue("$max", maxBytes);
        removed += oldest.ExecuteNonQuery();
        transaction.Commit();
        return Task.FromResult(removed);
    }
}
