using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Purser.Budgets;
using Purser.Storage.Postgres;
using Purser.Storage.Tests.Contracts;
using Purser.Tests;

namespace Purser.Storage.Tests.Postgres;

/// <summary>The shared budget counters on PostgreSQL: releasing a reservation takes the counters' locks in the order every other writer does.</summary>
public sealed class PostgresSharedBudgetStoreTests
{
    [SkippableFact]
    public async Task ReleaseAsync_LocksTheCountersInIdOrder_SoItNeverHoldsOneWhileWaitingForALowerOne()
    {
        using PostgresTestStorage storage = PostgresTestStorage.Open();
        await using var instance = new PostgresInstance(storage.Database, TimeSpan.FromSeconds(30), NullLogger<PostgresInstance>.Instance);
        var store = new PostgresSharedBudgetStore(storage.Database, instance, new BudgetOptions());
        var reservation = Guid.NewGuid();
        long low, high;
        await using (NpgsqlConnection setup = await storage.Database.OpenAsync(CancellationToken.None))
        {
            low = Scalar(setup, "INSERT INTO budget_counters (budget, counts, value, window_start_ms, unit, spent) VALUES ('low', 'c', 'v', 0, 'usd', 0) RETURNING id;");
            high = Scalar(setup, "INSERT INTO budget_counters (budget, counts, value, window_start_ms, unit, spent) VALUES ('high', 'c', 'v', 0, 'usd', 0) RETURNING id;");
            // The reservation's holds, the higher counter's first; the lower counter's row rewritten last, so it also comes
            // second in the table: a statement that updates the counters as it meets them reaches the higher one first.
            Scalar(setup, $"""
                INSERT INTO budget_holds (reservation, counter_id, instance_id, amount, expires_at) VALUES
                    ('{reservation}', {high}, '{Guid.NewGuid()}', 5, now() + interval '1 hour'),
                    ('{reservation}', {low}, '{Guid.NewGuid()}', 7, now() + interval '1 hour');
                UPDATE budget_counters SET reserved = 5 WHERE id = {high};
                UPDATE budget_counters SET reserved = 7 WHERE id = {low};
                SELECT 0;
                """);
        }

        // Another writer (a settlement, a reservation) holds the lower counter, as they lock in id order.
        await using NpgsqlConnection other = await storage.Database.OpenAsync(CancellationToken.None);
        await using NpgsqlTransaction transaction = await other.BeginTransactionAsync();
        Scalar(other, $"SELECT 1 FROM budget_counters WHERE id = {low} FOR UPDATE;", transaction);

        Task release = store.ReleaseAsync(reservation, CancellationToken.None).AsTask();
        await WaitUntilAsync(() => PostgresTestServer.Count(storage.ConnectionString, "SELECT COUNT(*) FROM pg_locks WHERE NOT granted") > 0, release);

        // The other writer goes on to the higher counter: free, because the release waits for the lower one holding nothing.
        // (Locking as it met the rows, the release held the higher counter already: a deadlock, or here NOWAIT's refusal.)
        Scalar(other, $"SELECT 1 FROM budget_counters WHERE id = {high} FOR UPDATE NOWAIT;", transaction);
        await transaction.CommitAsync();
        await release.WaitAsync(TimeSpan.FromSeconds(30));

        PostgresTestServer.Count(storage.ConnectionString, "SELECT COUNT(*) FROM budget_holds").ShouldBe(0);
        PostgresTestServer.Count(storage.ConnectionString, "SELECT SUM(reserved) FROM budget_counters").ShouldBe(0);
    }

    private static long Scalar(NpgsqlConnection connection, string sql, NpgsqlTransaction? transaction = null)
    {
        using var command = new NpgsqlCommand(sql, connection, transaction);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Polls a condition for up to 10 s (never a fixed sleep); fails at once when <paramref name="work"/> ended first.</summary>
    private static async Task WaitUntilAsync(Func<bool> condition, Task work)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            if (work.IsCompleted)
            {
                await work;
                throw new ShouldAssertException("The release ended before it waited for the lock it needs.");
            }

            DateTime.UtcNow.ShouldBeLessThan(deadline, "the release never waited for the counter held by the other writer");
            await Task.Delay(20);
        }
    }
}
