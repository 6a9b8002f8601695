using System.Data.Common;
using Purser.ResponseState;

namespace Purser.Storage.Sql;

/// <summary>Conversation state of Responses calls (table responses).</summary>
internal abstract class SqlResponseStore(ISqlDatabase database) : IResponseStore
{
    public Task<StoredResponse?> GetAsync(string id, CancellationToken cancellationToken)
    {
        using DbConnection connection = database.OpenConnection();
        using DbCommand command = connection.Command("SELECT previous_id, key_id, created_ms, expires_ms, input, response FROM responses WHERE id = @id;").Text("@id", id);
        using DbDataReader r = command.ExecuteReader();
        if (!r.Read())
        {
            return Task.FromResult<StoredResponse?>(null);
        }

        return Task.FromResult<StoredResponse?>(new StoredResponse(
            id,
            r.TextOrNull(0),
            r.TextOrNull(1),
            DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(2)),
            DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(3)),
            (byte[])r.GetValue(4),
            (byte[])r.GetValue(5)));
    }

    public Task WriteAsync(IReadOnlyList<StoredResponse> responses, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(responses);
        if (responses.Count == 0)
        {
            return Task.CompletedTask;
        }

        using DbConnection connection = database.OpenConnection();
        using DbTransaction transaction = connection.BeginTransaction();
        foreach (StoredResponse response in responses)
        {
            using DbCommand insert = connection.Command("""
                INSERT INTO responses (id, previous_id, key_id, created_ms, expires_ms, bytes, input, response)
                VALUES (@id, @previous, @key, @created, @expires, @bytes, @input, @response)
                ON CONFLICT (id) DO UPDATE SET previous_id = excluded.previous_id, key_id = excluded.key_id, created_ms = excluded.created_ms,
                    expires_ms = excluded.expires_ms, bytes = excluded.bytes, input = excluded.input, response = excluded.response;
                """, transaction)
                .Text("@id", response.Id).Text("@previous", response.PreviousResponseId).Text("@key", response.KeyId)
                .Long("@created", response.CreatedAt.ToUnixTimeMilliseconds()).Long("@expires", response.ExpiresAt.ToUnixTimeMilliseconds())
                .Long("@bytes", response.Bytes).Bytes("@input", response.Input).Bytes("@response", response.Response);
            insert.ExecuteNonQuery();
        }

        transaction.Commit();
        return Task.CompletedTask;
    }

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        using DbConnection connection = database.OpenConnection();
        using DbCommand command = connection.Command("DELETE FROM responses WHERE id = @id;").Text("@id", id);
        return Task.FromResult(command.ExecuteNonQuery() > 0);
    }

    public Task<int> PurgeAsync(DateTimeOffset now, long maxBytes, CancellationToken cancellationToken)
    {
        using DbConnection connection = database.OpenConnection();
        using DbTransaction transaction = connection.BeginTransaction();
        using DbCommand expired = connection.Command("DELETE FROM responses WHERE expires_ms <= @now;", transaction).Long("@now", now.ToUnixTimeMilliseconds());
        int removed = expired.ExecuteNonQuery();

        // Past the cap, the oldest go first: keep the newest responses whose running total fits.
        using DbCommand oldest = connection.Command("""
            DELETE FROM responses WHERE id IN (
                SELECT id FROM (
                    SELECT id, SUM(bytes) OVER (ORDER BY created_ms DESC, id DESC) AS running FROM responses
                ) AS totals WHERE running > @max
            );
            """, transaction).Long("@max", maxBytes);
        removed += oldest.ExecuteNonQuery();
        transaction.Commit();
        return Task.FromResult(removed);
    }
}
