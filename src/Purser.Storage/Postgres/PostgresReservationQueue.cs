using Npgsql;
using NpgsqlTypes;
using Purser.Budgets;

namespace Purser.Storage.Postgres;

/// <summary>
/// Group-commits one instance's shared-budget reservations, as the ledger writer groups rows. A reservation locks its
/// counters until its commit is flushed, so one transaction per call admits about one call per flush across every
/// instance on a budget. Here calls that arrive while a reservation transaction is in flight queue up, and the next
/// transaction takes the whole queue: it locks the counters involved in id order (as settlements and releases do),
/// reads their spend and holds, decides each queued reservation in arrival order — a hard counter refuses one that
/// does not fit beside those accepted before it; soft counters always accept — writes the accepted holds and their sums,
/// and commits once. A batch of one is today's single statement (<c>purser_reserve</c>). When the database fails, every
/// caller of the batch gets the failure (fail closed); one caller giving up never cancels the batch for the others.
/// </summary>
internal sealed class PostgresReservationQueue(PostgresDatabase database, BudgetOptions options, Func<Guid, ValueTask> release)
{
    /// <summary>The most reservations one transaction decides (the rest wait for the next one).</summary>
    internal const int MaxBatch = 512;

    private readonly Lock _gate = new();
    private List<PostgresPendingReservation> _queue = [];
    private bool _running;
    private int _waiting;
    private long _transactions;

    /// <summary>Reservation transactions run so far (for tests: how many calls one transaction decided).</summary>
    internal long Transactions => Interlocked.Read(ref _transactions);

    /// <summary>Callers waiting for their reservation's outcome (queued or in the transaction in flight).</summary>
    internal int Waiting => Volatile.Read(ref _waiting);

    public async ValueTask<SharedReserveOutcome> ReserveAsync(PostgresPendingReservation pending, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        bool start;
        lock (_gate)
        {
            _queue.Add(pending);
            _waiting++;
            start = !_running;
            _running = true;
        }

        if (start)
        {
            _ = Task.Run(PumpAsync, CancellationToken.None);
        }

        try
        {
            return await pending.Outcome.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            if (pending.Abandon())
            {
                _ = ReleaseOrphanAsync(pending.Reservation);
            }

            throw;
        }
    }

    /// <summary>Runs batches until the queue is empty; only one runs at a time.</summary>
    private async Task PumpAsync()
    {
        while (true)
        {
            List<PostgresPendingReservation> batch;
            lock (_gate)
            {
                if (_queue.Count == 0)
                {
                    _running = false;
                    return;
                }

                if (_queue.Count <= MaxBatch)
                {
                    batch = _queue;
                    _queue = [];
                }
                else
                {
                    batch = _queue.GetRange(0, MaxBatch);
                    _queue.RemoveRange(0, MaxBatch);
                }
            }

            // A caller that gave up before its batch started is left out (it can no longer be decided).
            List<PostgresPendingReservation> live = batch.FindAll(p => !p.IsAbandoned);
            try
            {
                IReadOnlyList<SharedReserveOutcome> outcomes = live.Count == 0 ? [] : await DecideAsync(live);
                for (int i = 0; i < live.Count; i++)
                {
                    if (live[i].Decide(outcomes[i]))
                    {
                        _ = ReleaseOrphanAsync(live[i].Reservation);
                    }
                }
            }
            catch (Exception ex)
            {
                // Whatever failed, no caller of this batch may wait forever: each gets the failure (for a server that
                // cannot be reached, StorageUnavailableException: the call fails closed).
                foreach (PostgresPendingReservation pending in live)
                {
                    pending.Fail(ex);
                }
            }
            finally
            {
                lock (_gate)
                {
                    _waiting -= batch.Count;
                }
            }
        }
    }

    private async Task<IReadOnlyList<SharedReserveOutcome>> DecideAsync(List<PostgresPendingReservation> batch)
    {
        Interlocked.Increment(ref _transactions);
        return batch.Count == 1
            ? [await ReserveOneAsync(batch[0])]
            : await database.RunAsync(connection => ReserveManyAsync(connection, batch), CancellationToken.None);
    }

    /// <summary>A batch of one: the single statement a reservation always was (one round trip, its own commit).</summary>
    private async Task<SharedReserveOutcome> ReserveOneAsync(PostgresPendingReservation pending)
    {
        return await database.RunAsync(async connection =>
        {
            await using var command = new NpgsqlCommand("SELECT refused, counter_id, spent, reserved FROM purser_reserve($1, $2, $3, $4, $5, $6, $7);", connection);
            command.Parameters.Add(new NpgsqlParameter { Value = pending.Reservation, NpgsqlDbType = NpgsqlDbType.Uuid });
            command.Parameters.Add(new NpgsqlParameter { Value = pending.Instance, NpgsqlDbType = NpgsqlDbType.Uuid });
            command.Parameters.Add(new NpgsqlParameter { Value = pending.Counters, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
            command.Parameters.Add(new NpgsqlParameter { Value = pending.Limits, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
            command.Parameters.Add(new NpgsqlParameter { Value = pending.Amounts, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
            command.Parameters.Add(new NpgsqlParameter { Value = pending.Hard, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Boolean });
            command.Parameters.Add(new NpgsqlParameter { Value = LeaseMs, NpgsqlDbType = NpgsqlDbType.Bigint });
            int refused = 0;
            var states = new List<SharedCounterState>(pending.Counters.Length);
            await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(CancellationToken.None);
            while (await reader.ReadAsync(CancellationToken.None))
            {
                refused = reader.GetInt32(0);
                states.Add(new SharedCounterState(reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), 0));
            }

            return new SharedReserveOutcome(refused - 1, states);
        }, CancellationToken.None);
    }

    /// <summary>
    /// A batch of several in one transaction: the counters locked in id order and read, each reservation decided in
    /// arrival order against what those before it took, the accepted holds written and summed onto the counters.
    /// </summary>
    private async Task<IReadOnlyList<SharedReserveOutcome>> ReserveManyAsync(NpgsqlConnection connection, List<PostgresPendingReservation> batch)
    {
        await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync(CancellationToken.None);
        long[] ids = [.. batch.SelectMany(p => p.Counters).Distinct().Order()];
        var counters = new Dictionary<long, (long Spent, long Reserved)>(ids.Length);
        await using (var lockCounters = new NpgsqlCommand("SELECT id, spent, reserved FROM budget_counters WHERE id = ANY($1) ORDER BY id FOR UPDATE;", connection, transaction))
        {
            lockCounters.Parameters.Add(new NpgsqlParameter { Value = ids, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
            await using NpgsqlDataReader reader = await lockCounters.ExecuteReaderAsync(CancellationToken.None);
            while (await reader.ReadAsync(CancellationToken.None))
            {
                counters[reader.GetInt64(0)] = (reader.GetInt64(1), reader.GetInt64(2));
            }
        }

        var refused = new int[batch.Count];
        var holdReservations = new List<Guid>();
        var holdCounters = new List<long>();
        var holdInstances = new List<Guid>();
        var holdAmounts = new List<long>();
        for (int i = 0; i < batch.Count; i++)
        {
            PostgresPendingReservation pending = batch[i];
            refused[i] = RefusedIndex(pending, counters);
            if (refused[i] >= 0)
            {
                continue;
            }

            for (int j = 0; j < pending.Counters.Length; j++)
            {
                long id = pending.Counters[j];
                if (counters.TryGetValue(id, out (long Spent, long Reserved) counter))
                {
                    counters[id] = (counter.Spent, counter.Reserved + pending.Amounts[j]);
                    holdReservations.Add(pending.Reservation);
                    holdCounters.Add(id);
                    holdInstances.Add(pending.Instance);
                    holdAmounts.Add(pending.Amounts[j]);
                }
            }
        }

        if (holdCounters.Count > 0)
        {
            await using var write = new NpgsqlBatch(connection, transaction)
            {
                BatchCommands =
                {
                    new NpgsqlBatchCommand("""
                        INSERT INTO budget_holds (reservation, counter_id, instance_id, amount, expires_at)
                        SELECT h.reservation, h.counter_id, h.instance_id, h.amount, now() + $5 * interval '1 millisecond'
                        FROM unnest($1::uuid[], $2::bigint[], $3::uuid[], $4::bigint[]) AS h(reservation, counter_id, instance_id, amount);
                        """),
                    new NpgsqlBatchCommand("""
                        UPDATE budget_counters c SET reserved = c.reserved + s.amount
                        FROM (SELECT h.counter_id, sum(h.amount)::bigint AS amount FROM unnest($1::bigint[], $2::bigint[]) AS h(counter_id, amount) GROUP BY h.counter_id) s
                        WHERE c.id = s.counter_id;
                        """),
                },
            };
            NpgsqlParameterCollection insert = write.BatchCommands[0].Parameters;
            insert.Add(new NpgsqlParameter { Value = holdReservations.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
            insert.Add(new NpgsqlParameter { Value = holdCounters.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
            insert.Add(new NpgsqlParameter { Value = holdInstances.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
            insert.Add(new NpgsqlParameter { Value = holdAmounts.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
            insert.Add(new NpgsqlParameter { Value = LeaseMs, NpgsqlDbType = NpgsqlDbType.Bigint });
            NpgsqlParameterCollection sums = write.BatchCommands[1].Parameters;
            sums.Add(new NpgsqlParameter { Value = holdCounters.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
            sums.Add(new NpgsqlParameter { Value = holdAmounts.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
            await write.ExecuteNonQueryAsync(CancellationToken.None);
        }

        await transaction.CommitAsync(CancellationToken.None);

        var outcomes = new SharedReserveOutcome[batch.Count];
        for (int i = 0; i < batch.Count; i++)
        {
            var states = new List<SharedCounterState>(batch[i].Counters.Length);
            foreach (long id in batch[i].Counters)
            {
                if (counters.TryGetValue(id, out (long Spent, long Reserved) counter))
                {
                    states.Add(new SharedCounterState(id, counter.Spent, counter.Reserved, 0));
                }
            }

            outcomes[i] = new SharedReserveOutcome(refused[i], states);
        }

        return outcomes;
    }

    /// <summary>
    /// The index of the first hard counter without room for the reservation beside everything held so far (a counter
    /// that no longer exists has none), or -1 when all fit — <c>purser_reserve</c>'s rule, against the batch's running
    /// holds.
    /// </summary>
    private static int RefusedIndex(PostgresPendingReservation pending, Dictionary<long, (long Spent, long Reserved)> counters)
    {
        for (int j = 0; j < pending.Counters.Length; j++)
        {
            if (!pending.Hard[j])
            {
                continue;
            }

            if (!counters.TryGetValue(pending.Counters[j], out (long Spent, long Reserved) counter)
                || pending.Limits[j] - counter.Spent - counter.Reserved < pending.Amounts[j])
            {
                return j;
            }
        }

        return -1;
    }

    private long LeaseMs => options.ReservationLeaseSeconds * 1000L;

    /// <summary>Releases the hold of a caller that gave up after it was committed; if that fails, its lease expires it.</summary>
    private async Task ReleaseOrphanAsync(Guid reservation)
    {
        try
        {
            await release(reservation);
        }
        catch (Exception ex) when (ex is Errors.StorageUnavailableException or NpgsqlException or TimeoutException)
        {
            // The hold expires with its lease (Purser:Budgets:ReservationLeaseSeconds) or its instance's heartbeat.
        }
    }
}
