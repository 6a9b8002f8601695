using Npgsql;
using NpgsqlTypes;
using Purser.Budgets;
using Purser.Storage.Sql;

namespace Purser.Storage.Postgres;

/// <summary>
/// The shared budget counters in PostgreSQL (tables budget_counters and budget_holds): reservations are group-committed
/// per instance by <see cref="PostgresReservationQueue"/> — one transaction locks the counters of every queued call in
/// id order, checks each hard one against its limit minus spend minus all instances' holds (and the holds of the calls
/// before it in the batch), and writes the holds of those that fit; a lone call is one call of the function
/// purser_reserve. Holds name the instance that made them; <see cref="PostgresInstance"/> keeps its heartbeat and
/// releases the holds of instances that stopped beating.
/// </summary>
internal sealed class PostgresSharedBudgetStore : ISharedBudgetStore
{
    private readonly PostgresDatabase _database;
    private readonly PostgresInstance _instance;
    private readonly PostgresReservationQueue _reservations;

    public PostgresSharedBudgetStore(PostgresDatabase database, PostgresInstance instance, BudgetOptions options)
    {
        _database = database;
        _instance = instance;
        _reservations = new PostgresReservationQueue(database, options, id => ReleaseAsync(id, CancellationToken.None));
    }

    /// <summary>The queue that group-commits this instance's reservations (tests count its transactions).</summary>
    internal PostgresReservationQueue Reservations => _reservations;

    public async ValueTask<SharedCounterState> EnsureCounterAsync(BudgetDefinition definition, string value, BudgetPeriod period, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        // The first instance to need the counter creates it from what the ledger holds for the budget value and window.
        string amount = SqlBudgetSpendStore.SpendAmount(definition, SqlDialect.Postgres);
        string match = definition.Scope == BudgetScope.Global ? "" : $" AND {SqlBudgetSpendStore.ValueColumn(definition)} = @value";
        string time = "l.ts_ms >= @start" + (period.End is null ? "" : " AND l.ts_ms < @end");
        string unpriced = definition.Unit == BudgetUnit.Usd && !definition.IsHard
            ? $"(SELECT COUNT(*) FROM {SqlBudgetSpendStore.Source(definition)} WHERE {time}{SqlBudgetSpendStore.UnpricedFilter}{match})"
            : "0";
        string sql = $"""
            INSERT INTO budget_counters (budget, counts, value, window_start_ms, window_end_ms, unit, spent, unpriced)
            SELECT @budget, @counts, @value, @start, @end, @unit,
                (SELECT {amount} FROM {SqlBudgetSpendStore.Source(definition)} WHERE {time}{SqlBudgetSpendStore.SpendFilter(definition)}{match}),
                {unpriced}
            ON CONFLICT (budget, counts, value, window_start_ms) DO NOTHING;
            SELECT id, spent, reserved, unpriced FROM budget_counters WHERE budget = @budget AND counts = @counts AND value = @value AND window_start_ms = @start;
            """;
        return await _database.RunAsync(async connection =>
        {
            await using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.Add(new NpgsqlParameter("budget", NpgsqlDbType.Text) { Value = definition.Name });
            command.Parameters.Add(new NpgsqlParameter("counts", NpgsqlDbType.Text) { Value = definition.CountsSignature });
            command.Parameters.Add(new NpgsqlParameter("value", NpgsqlDbType.Text) { Value = value });
            command.Parameters.Add(new NpgsqlParameter("start", NpgsqlDbType.Bigint) { Value = period.Start.ToUnixTimeMilliseconds() });
            command.Parameters.Add(new NpgsqlParameter("end", NpgsqlDbType.Bigint) { Value = (object?)period.End?.ToUnixTimeMilliseconds() ?? DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter("unit", NpgsqlDbType.Text) { Value = definition.Unit.Name() });
            await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken);
            // Npgsql passes over the INSERT (it returns no rows): the reader stands on the SELECT.
            if (!await reader.ReadAsync(cancellationToken))
            {
                throw new InvalidOperationException($"The budget counter of {definition.Name} was neither created nor found.");
            }

            return new SharedCounterState(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
        }, cancellationToken);
    }

    public async ValueTask<SharedReserveOutcome> ReserveAsync(Guid reservation, IReadOnlyList<long> counters, IReadOnlyList<long> limits, IReadOnlyList<long> amounts, IReadOnlyList<bool> hard, CancellationToken cancellationToken)
    {
        Guid self = await _instance.IdAsync(cancellationToken);
        var pending = new PostgresPendingReservation(reservation, self, [.. counters], [.. limits], [.. amounts], [.. hard]);
        return await _reservations.ReserveAsync(pending, cancellationToken);
    }

    public async ValueTask ReleaseAsync(Guid reservation, CancellationToken cancellationToken)
    {
        await _database.RunAsync(async connection =>
        {
            // One batch is one transaction (a single Sync): the counters are locked in id order first, as reservations
            // and the ledger's settlements lock them, so a release and a settlement never wait on each other in a cycle.
            await using var batch = new NpgsqlBatch(connection)
            {
                BatchCommands =
                {
                    new NpgsqlBatchCommand("SELECT 1 FROM budget_counters WHERE id IN (SELECT counter_id FROM budget_holds WHERE reservation = $1) ORDER BY id FOR UPDATE;"),
                    new NpgsqlBatchCommand("""
                        WITH gone AS (DELETE FROM budget_holds WHERE reservation = $1 RETURNING counter_id, amount)
                        UPDATE budget_counters c SET reserved = c.reserved - g.amount FROM gone g WHERE c.id = g.counter_id;
                        """),
                },
            };
            foreach (NpgsqlBatchCommand command in batch.BatchCommands)
            {
                command.Parameters.Add(new NpgsqlParameter { Value = reservation, NpgsqlDbType = NpgsqlDbType.Uuid });
            }

            return await batch.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);
    }

    public async ValueTask<IReadOnlyList<SharedCounterState>> ReadAsync(IReadOnlyList<long> counters, CancellationToken cancellationToken)
    {
        return await _database.RunAsync<IReadOnlyList<SharedCounterState>>(async connection =>
        {
            await using var command = new NpgsqlCommand("SELECT id, spent, reserved, unpriced FROM budget_counters WHERE id = ANY($1);", connection);
            command.Parameters.Add(new NpgsqlParameter { Value = counters.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
            var states = new List<SharedCounterState>(counters.Count);
            await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                states.Add(new SharedCounterState(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3)));
            }

            return states;
        }, cancellationToken);
    }
}
