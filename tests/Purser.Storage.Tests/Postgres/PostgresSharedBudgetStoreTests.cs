using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Purser.Budgets;
using Purser.Storage.Postgres;
using Purser.Storage.Tests.Contracts;
using Purser.Tests;

namespace Purser.Storage.Tests.Postgres;

/// <summary>
/// The shared budget counters on PostgreSQL: releasing a reservation takes the counters' locks in the order every other
/// writer does; reservations are group-committed per instance, decided in arrival order, and fail closed together.
/// </summary>
public sealed class PostgresSharedBudgetStoreTests
{
    private const string LockWaits = "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'";

    [SkippableFact]
    public async Task ReserveAsync_CallsArrivingWhileOneIsInFlight_AreDecidedTogetherInOneTransaction_AndExactlyTheOnesThatFitAreAccepted()
    {
        using PostgresTestStorage storage = PostgresTestStorage.Open();
        await using var instance = new PostgresInstance(storage.Database, TimeSpan.FromSeconds(30), NullLogger<PostgresInstance>.Instance);
        var store = new PostgresSharedBudgetStore(storage.Database, instance, new BudgetOptions());
        (long hard, long soft) = Counters(storage);
        const int calls = 40;
        const long limit = 1_000, amount = 70; // floor(1000 / 70) = 14 fit

        // Another writer (a settlement) holds the hard counter: the first reservation transaction waits, the others queue.
        await using NpgsqlConnection other = await storage.Database.OpenAsync(CancellationToken.None);
        await using NpgsqlTransaction transaction = await LockAsync(other, hard);

        Task<SharedReserveOutcome>[] reservations = [.. Enumerable.Range(0, calls).Select(_ =>
            store.ReserveAsync(Guid.NewGuid(), [hard, soft], [limit, 0], [amount, amount], [true, false], CancellationToken.None).AsTask())];
        await WaitUntilAsync(() => store.Reservations.Waiting == calls && PostgresTestServer.Count(storage.ConnectionString, LockWaits) > 0, Task.WhenAny(reservations));
        // One backend waits on the counter: the queued calls do not each hold a connection and wait for the lock.
        PostgresTestServer.Count(storage.ConnectionString, LockWaits).ShouldBe(1);
        await transaction.CommitAsync();
        SharedReserveOutcome[] outcomes = await Task.WhenAll(reservations).WaitAsync(TimeSpan.FromSeconds(30));

        outcomes.Count(o => o.Reserved).ShouldBe((int)(limit / amount));
        outcomes.Where(o => !o.Reserved).ShouldAllBe(o => o.RefusedIndex == 0);
        // The call in flight, then everything that queued behind it: two transactions for 40 calls (one each before).
        store.Reservations.Transactions.ShouldBeLessThanOrEqualTo(2);
        PostgresTestServer.Count(storage.ConnectionString, $"SELECT reserved FROM budget_counters WHERE id = {hard}").ShouldBe(limit / amount * amount);
        PostgresTestServer.Count(storage.ConnectionString, $"SELECT reserved FROM budget_counters WHERE id = {soft}").ShouldBe(limit / amount * amount);
        PostgresTestServer.Count(storage.ConnectionString, "SELECT COUNT(DISTINCT reservation) FROM budget_holds").ShouldBe(limit / amount);
        PostgresTestServer.Count(storage.ConnectionString, $"SELECT SUM(amount) FROM budget_holds WHERE counter_id = {hard}").ShouldBe(limit / amount * amount);
        outcomes.Max(o => o.Counters.Single(c => c.Id == hard).Reserved).ShouldBe(limit / amount * amount);
    }

    [SkippableFact]
    public async Task ReserveAsync_ACallerThatGivesUp_DoesNotCancelTheBatchForTheOthers_AndItsCommittedHoldIsReleased()
    {
        using PostgresTestStorage storage = PostgresTestStorage.Open();
        await using var instance = new PostgresInstance(storage.Database, TimeSpan.FromSeconds(30), NullLogger<PostgresInstance>.Instance);
        var store = new PostgresSharedBudgetStore(storage.Database, instance, new BudgetOptions());
        (long hard, _) = Counters(storage);

        await using NpgsqlConnection other = await storage.Database.OpenAsync(CancellationToken.None);
        await using NpgsqlTransaction transaction = await LockAsync(other, hard);

        using var giveUp = new CancellationTokenSource();
        var quitter = Guid.NewGuid();
        Task<SharedReserveOutcome> first = store.ReserveAsync(quitter, [hard], [1_000], [100], [true], giveUp.Token).AsTask();
        await WaitUntilAsync(() => PostgresTestServer.Count(storage.ConnectionString, LockWaits) > 0, first);
        Task<SharedReserveOutcome>[] others = [.. Enumerable.Range(0, 5).Select(_ =>
            store.ReserveAsync(Guid.NewGuid(), [hard], [1_000], [100], [true], CancellationToken.None).AsTask())];

        // The first caller gives up while its transaction waits on the lock: the transaction goes on and commits its hold.
        await giveUp.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(first);
        await transaction.CommitAsync();
        SharedReserveOutcome[] outcomes = await Task.WhenAll(others).WaitAsync(TimeSpan.FromSeconds(30));

        outcomes.ShouldAllBe(o => o.Reserved);
        // Its hold, committed after it gave up, is released; the others' stay.
        await WaitUntilAsync(() => PostgresTestServer.Count(storage.ConnectionString, $"SELECT COUNT(*) FROM budget_holds WHERE reservation = '{quitter}'") == 0, Task.Delay(Timeout.Infinite));
        PostgresTestServer.Count(storage.ConnectionString, "SELECT COUNT(*) FROM budget_holds").ShouldBe(5);
        PostgresTestServer.Count(storage.ConnectionString, $"SELECT reserved FROM budget_counters WHERE id = {hard}").ShouldBe(500);
    }

    [SkippableFact]
    public async Task ReserveAsync_WhenTheDatabaseConnectionIsLost_EveryQueuedCallerFailsClosed_AndNothingIsHeld()
    {
        using PostgresTestStorage storage = PostgresTestStorage.Open();
        await using var instance = new PostgresInstance(storage.Database, TimeSpan.FromSeconds(30), NullLogger<PostgresInstance>.Instance);
        var store = new PostgresSharedBudgetStore(storage.Database, instance, new BudgetOptions());
        (long hard, _) = Counters(storage);

        await using NpgsqlConnection other = await storage.Database.OpenAsync(CancellationToken.None);
        await using NpgsqlTransaction transaction = await LockAsync(other, hard);

        Task<SharedReserveOutcome>[] reservations = [.. Enumerable.Range(0, 10).Select(_ =>
            store.ReserveAsync(Guid.NewGuid(), [hard], [1_000], [10], [true], CancellationToken.None).AsTask())];
        // Each reservation transaction that waits on the counter has its connection cut, until no caller is left waiting.
        await WaitUntilAsync(() =>
        {
            PostgresTestServer.Count(storage.ConnectionString, $"SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'");
            return reservations.All(r => r.IsCompleted);
        }, Task.Delay(Timeout.Infinite));

        foreach (Task<SharedReserveOutcome> reservation in reservations)
        {
            await Should.ThrowAsync<Purser.Errors.StorageUnavailableException>(reservation);
        }

        await transaction.CommitAsync();
        PostgresTestServer.Count(storage.ConnectionString, "SELECT COUNT(*) FROM budget_holds").ShouldBe(0);
        PostgresTestServer.Count(storage.ConnectionString, $"SELECT reserved FROM budget_counters WHERE id = {hard}").ShouldBe(0);
    }

    /// <summary>Another writer (a settlement) holding a counter's row lock in a transaction left open.</summary>
    private static async Task<NpgsqlTransaction> LockAsync(NpgsqlConnection connection, long counter)
    {
        NpgsqlTransaction transaction = await connection.BeginTransactionAsync();
        Scalar(connection, $"SELECT 1 FROM budget_counters WHERE id = {counter} FOR UPDATE;", transaction);
        return transaction;
    }

    /// <summary>A hard budget's counter and, with a higher id, a soft one's, both with nothing spent.</summary>
    private static (long Hard, long Soft) Counters(PostgresTestStorage storage)
    {
        using NpgsqlConnection setup = storage.Database.Open();
        return (Scalar(setup, "INSERT INTO budget_counters (budget, counts, value, window_start_ms, unit, spent) VALUES ('hard', 'c', 'v', 0, 'usd', 0) RETURNING id;"),
            Scalar(setup, "INSERT INTO budget_counters (budget, counts, value, window_start_ms, unit, spent) VALUES ('soft', 'c', 'v', 0, 'usd', 0) RETURNING id;"));
    }

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
                throw new ShouldAssertException("The work ended before the condition held.");
            }

            DateTime.UtcNow.ShouldBeLessThan(deadline, "the condition never held");
            await Task.Delay(20);
        }
    }
}
