using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Purser.Ledger;

/// <summary>
/// The ledger's write path: a bounded queue drained by one batch writer that commits whatever has gathered
/// in a single transaction (group commit). In strict durability an append completes when its row is committed;
/// in fast durability it completes at once. A full queue makes appends wait and is reported — a row is never
/// dropped.
/// </summary>
/// <remarks>
/// Storage faults are bounded and surfaced, never waited out: a batch is tried <see cref="LedgerOptions.WriteAttempts"/>
/// times, then the ledger is <see cref="LedgerState.Failing"/> and its rows are set aside in the spool (a file, or
/// memory when even that fails), strict appends answering false at once. Before every batch and every probe the
/// store is asked whether its database file is still the one it opened; when it was deleted or replaced the ledger
/// is <see cref="LedgerState.Lost"/> until restart. A probe every <see cref="LedgerOptions.ProbeIntervalSeconds"/>
/// writes the rows set aside once the database takes them (the store skips request ids it already has, so none is
/// counted twice), and the ledger is healthy again. At start, rows left in the spool by earlier runs are written
/// first. <see cref="DisposeAsync"/> writes or sets aside everything queued.
/// </remarks>
internal sealed partial class LedgerWriter : IAsyncDisposable
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(50);

    private readonly ILedgerStore _store;
    private readonly LedgerOptions _options;
    private readonly ILogger<LedgerWriter> _logger;
    private readonly TimeProvider _time;
    private readonly LedgerSpool? _spool;
    private readonly Channel<QueuedRow> _queue;
    private readonly Task _loop;
    private readonly ITimer _probes;

    // Rows set aside that not even the spool could take; only the writer's loop touches them.
    private readonly List<LedgerEntry> _held = [];

    // The state, changed only by the writer's loop (and the constructor), published as one immutable status.
    private LedgerState _state;
    private string? _problem;
    private DateTimeOffset? _since;
    private bool _spoolWorks = true;
    private volatile LedgerStatus _status = LedgerStatus.Healthy;
    private long _written;
    private long _batches;
    private long _queueFullEvents;
    private long _failedBatches;
    private long _setAside;
    private int _disposed;

    public LedgerWriter(ILedgerStore store, LedgerOptions options, ILogger<LedgerWriter> logger, TimeProvider? time = null)
    {
        _store = store;
        _options = options;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        _spool = options.SpoolFolder is { Length: > 0 } folder ? new LedgerSpool(folder, _time) : null;
        _queue = Channel.CreateBounded<QueuedRow>(new BoundedChannelOptions(Math.Max(1, options.QueueCapacity))
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
            // Strict: an append that finds the writer idle runs the batch on its own thread (see RunAsync), so a lone
            // call commits without waking the writer and then being woken back. Fast appends never wait for a commit.
            AllowSynchronousContinuations = options.Durability == LedgerDurability.Strict,
        });

        // Rows earlier runs set aside go in before anything reads the ledger (budgets rebuild their spend from it).
        RecoverAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
        // Runs until it waits for the first row, so from here on an append finds it waiting.
        _loop = RunAsync();
        TimeSpan interval = TimeSpan.FromSeconds(Math.Max(0.01, options.ProbeIntervalSeconds));
        _probes = _time.CreateTimer(_ => _queue.Writer.TryWrite(QueuedRow.ProbeMarker), null, interval, interval);
    }

    public LedgerDurability Durability => _options.Durability;

    /// <summary>Rows committed so far.</summary>
    public long Written => Interlocked.Read(ref _written);

    /// <summary>Batches committed so far (<see cref="Written"/> ÷ this is the mean group-commit size).</summary>
    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>Times an append found the queue full and had to wait.</summary>
    public long QueueFullEvents => Interlocked.Read(ref _queueFullEvents);

    /// <summary>Batch writes that failed (each try counts).</summary>
    public long FailedBatches => Interlocked.Read(ref _failedBatches);

    /// <summary>Rows waiting to be written.</summary>
    public int Pending => _queue.Reader.CanCount ? _queue.Reader.Count : -1;

    /// <summary>Whether rows reach the database, and if not why and how many wait.</summary>
    public LedgerStatus Status => _status;

    /// <summary>
    /// Whether a new call may start: the ledger is healthy, or (fast durability) failing while the spool still keeps
    /// rows on disk. A call that starts otherwise could not be recorded as promised.
    /// </summary>
    public bool AcceptsCalls
    {
        get
        {
            LedgerStatus status = _status;
            return status.State == LedgerState.Healthy
                || (status.State == LedgerState.Failing && _options.Durability == LedgerDurability.Fast && status.SpoolWorks);
        }
    }

    /// <summary>
    /// Queues a row. Strict durability: true once it is committed, false when the ledger could not write it (it is
    /// then set aside, to be written later; append the call's corrected row, which replaces it). Fast durability:
    /// true once queued.
    /// </summary>
    public async ValueTask<bool> AppendAsync(LedgerEntry entry, CancellationToken cancellationToken = default)
    {
        TaskCompletionSource<bool>? committed = _options.Durability == LedgerDurability.Strict
            ? new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously)
            : null;
        var pending = new QueuedRow(entry, committed, Probe: false);
        if (!_queue.Writer.TryWrite(pending))
        {
            Interlocked.Increment(ref _queueFullEvents);
            LogQueueFull(_logger, _options.QueueCapacity);
            try
            {
                await _queue.Writer.WriteAsync(pending, CancellationToken.None);
            }
            catch (ChannelClosedException)
            {
                throw new ObjectDisposedException(nameof(LedgerWriter), "The ledger is shut down; the row was not accepted.");
            }
        }

        return committed is null || await committed.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Waits until every row queued before the call is committed or set aside.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var marker = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        await _queue.Writer.WriteAsync(new QueuedRow(null, marker, Probe: false), cancellationToken);
        await marker.Task.WaitAsync(cancellationToken);
    }

    private async Task RunAsync()
    {
        var batch = new List<QueuedRow>(_options.MaxBatchSize);
        var entries = new List<LedgerEntry>(_options.MaxBatchSize);
        ChannelReader<QueuedRow> reader = _queue.Reader;
        // ConfigureAwait(false): the loop began on the constructor's thread; it must not resume on whatever
        // synchronization context that thread had (a row resumes it inline, or on the thread pool).
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            entries.Clear();
            bool probe = false;
            while (batch.Count < _options.MaxBatchSize && reader.TryRead(out QueuedRow item))
            {
                probe |= item.Probe;
                batch.Add(item);
                if (item.Entry is not null)
                {
                    entries.Add(item.Entry);
                }
            }

            bool committed = entries.Count == 0 || await WriteAsync(entries);
            if (probe)
            {
                await ProbeAsync();
            }

            foreach (QueuedRow item in batch)
            {
                item.Committed?.TrySetResult(committed || item.Entry is null);
            }

            // Rows came in while this batch was written: hand the next batch to the thread pool. That frees the
            // caller whose append ran this loop inline (strict durability), and the rows of calls already queued
            // on the pool join the next batch, so batches grow under load. An idle writer skips this.
            if (reader.TryPeek(out _))
            {
                await Task.Yield();
            }
        }
    }

    /// <summary>Writes a batch to the database, or sets it aside when the ledger cannot: true when committed.</summary>
    private async ValueTask<bool> WriteAsync(List<LedgerEntry> entries)
    {
        if (_state == LedgerState.Healthy)
        {
            string? lost = await CheckIdentityAsync();
            // The new state is published by SetAside below, with the rows it set aside: never "failing, 0 rows set aside".
            if (lost is not null)
            {
                Enter(LedgerState.Lost, lost, publish: false);
            }
            else if (await TryWriteAsync(entries) is not { } failure)
            {
                Interlocked.Add(ref _written, entries.Count);
                Interlocked.Increment(ref _batches);
                return true;
            }
            else
            {
                // A failing write may be the first sign that the file went away.
                lost = await CheckIdentityAsync();
                Enter(lost is null ? LedgerState.Failing : LedgerState.Lost, lost ?? Describe(failure), publish: false);
            }
        }

        SetAside(entries);
        return false;
    }

    /// <summary>Tries a batch a bounded number of times; the last failure when every try failed.</summary>
    private async ValueTask<Exception?> TryWriteAsync(IReadOnlyList<LedgerEntry> entries)
    {
        TimeSpan delay = FirstRetryDelay;
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                await _store.AppendAsync(entries, CancellationToken.None);
                return null;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Interlocked.Increment(ref _failedBatches);
                LogWriteFailed(_logger, ex, entries.Count, attempt, Math.Max(1, _options.WriteAttempts));
                if (attempt >= _options.WriteAttempts)
                {
                    return ex;
                }

                await Task.Delay(delay, _time);
                delay *= 4;
            }
        }
    }

    /// <summary>Keeps rows the database did not take: in the spool, or in memory when the spool cannot take them either.</summary>
    private void SetAside(IReadOnlyList<LedgerEntry> entries)
    {
        bool spooled = false;
        if (_spool is not null)
        {
            try
            {
                if (_held.Count > 0)
                {
                    _spool.Append(_held);
                    _held.Clear();
                }

                _spool.Append(entries);
                spooled = true;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                LogSpoolFailed(_logger, ex, entries.Count, _spool.Folder);
            }
        }

        if (!spooled)
        {
            _held.AddRange(entries);
        }

        _spoolWorks = spooled;
        Interlocked.Add(ref _setAside, entries.Count);
        Refresh();
    }

    /// <summary>Checks the database file and, unless the ledger is healthy or lost, tries the rows set aside.</summary>
    private async ValueTask ProbeAsync()
    {
        if (_state == LedgerState.Lost)
        {
            if (_held.Count > 0)
            {
                SetAside([]);
            }

            return;
        }

        string? lost = await CheckIdentityAsync();
        if (lost is not null)
        {
            Enter(LedgerState.Lost, lost);
            if (_held.Count > 0)
            {
                SetAside([]);
            }

            return;
        }

        if (_state == LedgerState.Failing)
        {
            await RecoverAsync(CancellationToken.None);
        }
    }

    /// <summary>Writes every row set aside (this writer's and those earlier runs left); healthy again when they all went in.</summary>
    private async ValueTask RecoverAsync(CancellationToken cancellationToken)
    {
        SpoolClaim claim;
        try
        {
            claim = _spool?.Claim() ?? new SpoolClaim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogSpoolFailed(_logger, ex, 0, _spool!.Folder);
            claim = new SpoolClaim();
        }

        foreach (LedgerEntry row in _held)
        {
            claim.Add(row);
        }

        Exception? failure = null;
        IReadOnlyList<LedgerEntry> rows = claim.Rows;
        for (int at = 0; at < rows.Count && failure is null; at += _options.MaxBatchSize)
        {
            try
            {
                await _store.AppendAsync([.. rows.Skip(at).Take(_options.MaxBatchSize)], cancellationToken);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Interlocked.Increment(ref _failedBatches);
                failure = ex;
            }
        }

        _spool?.Release(claim, written: failure is null);
        if (failure is not null)
        {
            // Everything claimed waits on (at start: before any call may begin).
            Interlocked.Exchange(ref _setAside, rows.Count);
            if (_state == LedgerState.Healthy)
            {
                Enter(LedgerState.Failing, Describe(failure));
            }
            else
            {
                _problem = Describe(failure);
                Refresh();
            }

            return;
        }

        _held.Clear();
        if (rows.Count > 0)
        {
            Interlocked.Add(ref _written, rows.Count);
            LogRecovered(_logger, rows.Count, claim.Unreadable);
        }

        if (_state != LedgerState.Healthy)
        {
            LogHealthyAgain(_logger);
        }

        Interlocked.Exchange(ref _setAside, 0);
        (_state, _problem, _since, _spoolWorks) = (LedgerState.Healthy, null, null, true);
        Refresh();
    }

    private async ValueTask<string?> CheckIdentityAsync()
    {
        try
        {
            return await _store.CheckIdentityAsync(CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return "the ledger database cannot be checked: " + Describe(ex);
        }
    }

    /// <param name="publish">False when the caller publishes the status itself right after (with the rows it sets aside).</param>
    private void Enter(LedgerState state, string problem, bool publish = true)
    {
        if (_state == state && _problem == problem)
        {
            return;
        }

        if (state == LedgerState.Lost)
        {
            LogLost(_logger, problem);
        }
        else
        {
            LogFailing(_logger, problem);
        }

        _since ??= _time.GetUtcNow();
        (_state, _problem) = (state, problem);
        if (publish)
        {
            Refresh();
        }
    }

    private void Refresh() => _status = _state == LedgerState.Healthy
        ? LedgerStatus.Healthy
        : new LedgerStatus(_state, _problem, _since, Interlocked.Read(ref _setAside), _spoolWorks);

    private static string Describe(Exception ex) => ex.Message.ReplaceLineEndings(" ");

    /// <summary>Stops accepting rows and writes (or sets aside) every queued one.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _probes.DisposeAsync();
        _queue.Writer.TryComplete();
        await _loop;
        if (_held.Count > 0)
        {
            LogHeldAtExit(_logger, _held.Count);
        }

        LogStopped(_logger, Written, Batches);

        _spool?.Dispose();
    }

    private readonly record struct QueuedRow(LedgerEntry? Entry, TaskCompletionSource<bool>? Committed, bool Probe)
    {
        public static readonly QueuedRow ProbeMarker = new(null, null, Probe: true);
    }

    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "The ledger queue is full ({Capacity} rows): requests wait for the writer")]
    private static partial void LogQueueFull(ILogger logger, int capacity);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Error, Message = "Writing {Count} ledger rows failed (try {Attempt} of {Attempts})")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, int count, int attempt, int attempts);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Error, Message = "The ledger cannot write to its database ({Problem}): rows are set aside and retried; strict durability refuses calls until it can")]
    private static partial void LogFailing(ILogger logger, string problem);

    [LoggerMessage(EventId = 1204, Level = LogLevel.Critical, Message = "The ledger database is gone: {Problem}. Calls are refused and rows set aside until Purser is restarted")]
    private static partial void LogLost(ILogger logger, string problem);

    [LoggerMessage(EventId = 1205, Level = LogLevel.Warning, Message = "Wrote {Count} ledger rows that had been set aside ({Unreadable} unreadable lines skipped)")]
    private static partial void LogRecovered(ILogger logger, int count, int unreadable);

    [LoggerMessage(EventId = 1206, Level = LogLevel.Error, Message = "The ledger spool in {Folder} cannot take {Count} rows: they are held in memory and no call is accepted")]
    private static partial void LogSpoolFailed(ILogger logger, Exception exception, int count, string folder);

    [LoggerMessage(EventId = 1207, Level = LogLevel.Warning, Message = "The ledger writes to its database again")]
    private static partial void LogHealthyAgain(ILogger logger);

    [LoggerMessage(EventId = 1209, Level = LogLevel.Information, Message = "The ledger stopped: {Rows} rows written in {Batches} batches")]
    private static partial void LogStopped(ILogger logger, long rows, long batches);

    [LoggerMessage(EventId = 1208, Level = LogLevel.Critical, Message = "{Count} ledger rows could not be written or spooled before shutdown and are lost")]
    private static partial void LogHeldAtExit(ILogger logger, int count);
}
