using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Purser.Ledger;

/// <summary>
/// The ledger's write path: a bounded queue drained by one batch writer that commits whatever has gathered
/// in a single transaction (group commit). In strict durability an append completes when its row is committed;
/// in fast durability it completes at once. A full queue makes appends wait and is reported — a row is never
/// dropped. A batch that cannot be written is retried; <see cref="DisposeAsync"/> flushes everything.
/// </summary>
public sealed partial class LedgerWriter : IAsyncDisposable
{
    private readonly ILedgerStore _store;
    private readonly LedgerOptions _options;
    private readonly ILogger<LedgerWriter> _logger;
    private readonly Channel<QueuedRow> _queue;
    private readonly Task _loop;
    private long _written;
    private long _queueFullEvents;
    private long _failedBatches;
    private int _disposed;

    public LedgerWriter(ILedgerStore store, LedgerOptions options, ILogger<LedgerWriter> logger)
    {
        _store = store;
        _options = options;
        _logger = logger;
        _queue = Channel.CreateBounded<QueuedRow>(new BoundedChannelOptions(Math.Max(1, options.QueueCapacity))
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _loop = Task.Run(RunAsync);
    }

    public LedgerDurability Durability => _options.Durability;

    /// <summary>Rows committed so far.</summary>
    public long Written => Interlocked.Read(ref _written);

    /// <summary>Times an append found the queue full and had to wait.</summary>
    public long QueueFullEvents => Interlocked.Read(ref _queueFullEvents);

    public long FailedBatches => Interlocked.Read(ref _failedBatches);

    /// <summary>Rows waiting to be written.</summary>
    public int Pending => _queue.Reader.CanCount ? _queue.Reader.Count : -1;

    /// <summary>Queues a row; in strict durability, completes once it is committed.</summary>
    public async ValueTask AppendAsync(LedgerEntry entry, CancellationToken cancellationToken = default)
    {
        TaskCompletionSource? committed = _options.Durability == LedgerDurability.Strict
            ? new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)
            : null;
        var pending = new QueuedRow(entry, committed);
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

        if (committed is not null)
        {
            await committed.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Waits until every row queued before the call is committed.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var marker = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await _queue.Writer.WriteAsync(new QueuedRow(null, marker), cancellationToken);
        await marker.Task.WaitAsync(cancellationToken);
    }

    private async Task RunAsync()
    {
        var batch = new List<QueuedRow>(_options.MaxBatchSize);
        var entries = new List<LedgerEntry>(_options.MaxBatchSize);
        ChannelReader<QueuedRow> reader = _queue.Reader;
        while (await reader.WaitToReadAsync())
        {
            batch.Clear();
            entries.Clear();
            while (batch.Count < _options.MaxBatchSize && reader.TryRead(out QueuedRow item))
            {
                batch.Add(item);
                if (item.Entry is not null)
                {
                    entries.Add(item.Entry);
                }
            }

            await WriteWithRetryAsync(entries);
            Interlocked.Add(ref _written, entries.Count);
            foreach (QueuedRow item in batch)
            {
                item.Committed?.TrySetResult();
            }
        }
    }

    private async Task WriteWithRetryAsync(List<LedgerEntry> entries)
    {
        TimeSpan delay = TimeSpan.FromMilliseconds(50);
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                await _store.AppendAsync(entries, CancellationToken.None);
                return;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Interlocked.Increment(ref _failedBatches);
                LogWriteFailed(_logger, ex, entries.Count, attempt);
                await Task.Delay(delay);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 5000));
            }
        }
    }

    /// <summary>Stops accepting rows and writes every queued one.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _queue.Writer.TryComplete();
        await _loop;
    }

    private readonly record struct QueuedRow(LedgerEntry? Entry, TaskCompletionSource? Committed);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "The ledger queue is full ({Capacity} rows): requests wait for the writer")]
    private static partial void LogQueueFull(ILogger logger, int capacity);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Error, Message = "Writing {Count} ledger rows failed (attempt {Attempt}); retrying")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, int count, int attempt);
}
