using Microsoft.Extensions.Logging;
using Npgsql;

namespace Purser.Storage.Postgres;

/// <summary>
/// This process as one of the instances sharing the database (table purser_instances): registered when it first holds
/// budget, its heartbeat written every third of <c>Purser:Database:InstanceTimeoutSeconds</c>; on each beat it also
/// releases the holds of instances not seen for that long (a process killed with its calls in flight) and of
/// reservations past their lease. A clean stop removes its row, so what it still held is released by the next sweep.
/// </summary>
internal sealed partial class PostgresInstance : IAsyncDisposable
{
    private readonly PostgresDatabase _database;
    private readonly TimeSpan _timeout;
    private readonly ILogger<PostgresInstance> _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private Task? _loop;
    private Task? _registered;
    private int _disposed;

    public PostgresInstance(PostgresDatabase database, TimeSpan timeout, ILogger<PostgresInstance> logger)
    {
        _database = database;
        _timeout = timeout;
        _logger = logger;
    }

    public Guid Id { get; } = Guid.NewGuid();

    /// <summary>Holds released by this instance's sweeps so far.</summary>
    public long Released { get; private set; }

    /// <summary>The instance id, registered in the database (and the heartbeat started) on first use.</summary>
    public async ValueTask<Guid> IdAsync(CancellationToken cancellationToken)
    {
        Task registered;
        lock (_lock)
        {
            if (_registered is null || _registered.IsFaulted || _registered.IsCanceled)
            {
                _registered = BeatAsync(CancellationToken.None);
            }

            registered = _registered;
            _loop ??= Task.Run(RunAsync);
        }

        await registered.WaitAsync(cancellationToken);
        return Id;
    }

    /// <summary>Starts the heartbeat and sweeps now (the gateway does at start; the CLI only once it holds budget).</summary>
    public void Start()
    {
        lock (_lock)
        {
            _loop ??= Task.Run(RunAsync);
        }
    }

    /// <summary>Releases the holds of dead instances and expired reservations now; returns how many.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        await using NpgsqlConnection connection = await _database.OpenAsync(cancellationToken);
        await using var sweep = new NpgsqlCommand("SELECT purser_sweep($1);", connection);
        sweep.Parameters.AddWithValue((long)_timeout.TotalMilliseconds);
        int released = (int)(await sweep.ExecuteScalarAsync(cancellationToken))!;
        Released += released;
        return released;
    }

    private async Task BeatAsync(CancellationToken cancellationToken)
    {
        await using NpgsqlConnection connection = await _database.OpenAsync(cancellationToken);
        await using var beat = new NpgsqlCommand("""
            INSERT INTO purser_instances (id, host) VALUES ($1, $2)
            ON CONFLICT (id) DO UPDATE SET seen_at = now();
            """, connection);
        beat.Parameters.AddWithValue(Id);
        beat.Parameters.AddWithValue($"{Environment.MachineName}:{Environment.ProcessId}");
        await beat.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task RunAsync()
    {
        TimeSpan every = _timeout / 3;
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await BeatAsync(_stop.Token);
                int released = await SweepAsync(_stop.Token);
                if (released > 0)
                {
                    LogReleased(_logger, released);
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                LogBeatFailed(_logger, ex.Message);
            }

            try
            {
                await Task.Delay(every, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync();
        if (_loop is not null)
        {
            await _loop;
        }

        if (_registered is { IsCompletedSuccessfully: true })
        {
            try
            {
                await using NpgsqlConnection connection = await _database.OpenAsync(CancellationToken.None);
                await using var leave = new NpgsqlCommand("DELETE FROM purser_instances WHERE id = $1;", connection);
                leave.Parameters.AddWithValue(Id);
                await leave.ExecuteNonQueryAsync();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                LogBeatFailed(_logger, ex.Message); // its holds expire with its heartbeat instead
            }
        }

        _stop.Dispose();
    }

    [LoggerMessage(EventId = 1701, Level = LogLevel.Information, Message = "Released {Count} budget hold(s) of instances that stopped or reservations past their lease")]
    private static partial void LogReleased(ILogger logger, int count);

    [LoggerMessage(EventId = 1702, Level = LogLevel.Warning, Message = "The instance heartbeat could not be written: {Problem}")]
    private static partial void LogBeatFailed(ILogger logger, string problem);
}
