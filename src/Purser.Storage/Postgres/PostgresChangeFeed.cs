using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Npgsql;
using Purser.Sharing;

namespace Purser.Storage.Postgres;

/// <summary>
/// Changes announced between the instances on one PostgreSQL database with LISTEN/NOTIFY on channel purser_changes:
/// "instance|topic|detail". Notices are sent in order by one sender; one connection listens, reconnects after a failure
/// and then raises a resync (what was said meanwhile is lost, so everything is reread).
/// </summary>
internal sealed partial class PostgresChangeFeed : ISharedChanges, IAsyncDisposable
{
    public const string ChannelName = "purser_changes";

    private readonly PostgresDatabase _database;
    private readonly ILogger<PostgresChangeFeed> _logger;
    private readonly string _self = Guid.NewGuid().ToString("N");
    private readonly Channel<string> _outbox = Channel.CreateBounded<string>(new BoundedChannelOptions(10_000) { SingleReader = true, FullMode = BoundedChannelFullMode.DropOldest });
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sender;
    private Task? _listener;
    private int _disposed;

    public PostgresChangeFeed(PostgresDatabase database, ILogger<PostgresChangeFeed> logger)
    {
        _database = database;
        _logger = logger;
        _sender = Task.Run(SendAsync);
    }

    public bool IsShared => true;

    public event Action<SharedChange>? Received;

    /// <summary>Whether the listener is connected now.</summary>
    public bool Listening { get; private set; }

    public void Publish(string topic, string? detail = null) => _outbox.Writer.TryWrite($"{_self}|{topic}|{detail}");

    /// <summary>Starts listening (the gateway does; a CLI command only publishes).</summary>
    public void Start() => _listener ??= Task.Run(ListenAsync);

    /// <summary>Sends what is queued now and waits for it (tests, and a CLI command before it exits).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        while (_outbox.Reader.Count > 0 && !cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(10, cancellationToken);
        }
    }

    private async Task SendAsync()
    {
        ChannelReader<string> reader = _outbox.Reader;
        try
        {
            while (await reader.WaitToReadAsync(_stop.Token))
            {
                while (reader.TryPeek(out string? payload))
                {
                    try
                    {
                        await using NpgsqlConnection connection = await _database.OpenAsync(_stop.Token);
                        await using var notify = new NpgsqlCommand("SELECT pg_notify($1, $2);", connection);
                        notify.Parameters.AddWithValue(ChannelName);
                        notify.Parameters.AddWithValue(payload);
                        await notify.ExecuteNonQueryAsync(_stop.Token);
                        reader.TryRead(out _);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
                    {
                        // The others reread everything on their resync timer; keep the notice for when the server is back.
                        LogNotifyFailed(_logger, ex.Message);
                        await Task.Delay(TimeSpan.FromSeconds(1), _stop.Token);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task ListenAsync()
    {
        bool first = true;
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await using NpgsqlConnection connection = await _database.OpenAsync(_stop.Token);
                connection.Notification += OnNotification;
                await using (var listen = new NpgsqlCommand($"LISTEN {ChannelName};", connection))
                {
                    await listen.ExecuteNonQueryAsync(_stop.Token);
                }

                Listening = true;
                if (!first)
                {
                    Received?.Invoke(new SharedChange(SharedTopics.Resync, null)); // notices sent while deaf are lost
                }

                first = false;
                while (!_stop.IsCancellationRequested)
                {
                    if (!await connection.WaitAsync(TimeSpan.FromSeconds(5), _stop.Token))
                    {
                        await using var ping = new NpgsqlCommand("SELECT 1;", connection);
                        await ping.ExecuteNonQueryAsync(_stop.Token);
                    }
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Listening = false;
                first = false;
                LogListenFailed(_logger, ex.Message);
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private void OnNotification(object sender, NpgsqlNotificationEventArgs e)
    {
        string[] parts = e.Payload.Split('|', 3);
        if (parts.Length < 2 || parts[0] == _self)
        {
            return;
        }

        Received?.Invoke(new SharedChange(parts[1], parts.Length > 2 && parts[2].Length > 0 ? parts[2] : null));
    }

    /// <summary>Sends what is queued (for up to 2 s) and stops; once, however often it is called (it is registered twice).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _outbox.Writer.TryComplete();
        try
        {
            await FlushAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(2));
        }
        catch (TimeoutException)
        {
            // The server is away: the others' resync rereads what these notices said.
        }

        await _stop.CancelAsync();
        await _sender;
        if (_listener is not null)
        {
            await _listener;
        }

        _stop.Dispose();
    }

    [LoggerMessage(EventId = 1703, Level = LogLevel.Warning, Message = "A change notice could not be sent: {Problem}")]
    private static partial void LogNotifyFailed(ILogger logger, string problem);

    [LoggerMessage(EventId = 1704, Level = LogLevel.Warning, Message = "Listening for the other instances' changes failed ({Problem}); reconnecting")]
    private static partial void LogListenFailed(ILogger logger, string problem);
}
