using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Purser.Budgets;

namespace Purser.Alerts;

/// <summary>
/// Delivers fired alerts off the request path: <see cref="Publish"/> only queues. One background loop logs each alert
/// and writes it to the alert table; another posts it to the webhooks, retrying failures with doubling delays (timed by
/// the injected <see cref="TimeProvider"/>). A failing webhook delays only later webhook posts, never a request.
/// </summary>
internal sealed class AlertDispatcher : IAlertSink, IAsyncDisposable
{
    private readonly IAlertStore _store;
    private readonly AlertOptions _options;
    private readonly IReadOnlyList<WebhookTarget> _webhooks;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<BudgetAlert> _alerts = Channel.CreateUnbounded<BudgetAlert>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<(BudgetAlert Alert, WebhookTarget Target)> _deliveries = Channel.CreateUnbounded<(BudgetAlert, WebhookTarget)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _noMoreRetries = new();
    private readonly Task _alertLoop;
    private readonly Task _webhookLoop;
    private long _delivered;
    private long _failed;
    private int _disposed;

    public AlertDispatcher(IAlertStore store, AlertOptions options, IReadOnlyList<WebhookTarget> webhooks, HttpClient http, TimeProvider time, ILogger<AlertDispatcher> logger)
    {
        _store = store;
        _options = options;
        _webhooks = webhooks;
        _http = http;
        _time = time;
        _logger = logger;
        _alertLoop = Task.Run(RunAlertsAsync);
        _webhookLoop = Task.Run(RunWebhooksAsync);
    }

    /// <summary>Webhook posts that succeeded.</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    /// <summary>Webhook posts given up after every attempt failed.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Raised after an alert is recorded (tests wait on it rather than sleep).</summary>
    public event Action<BudgetAlert>? Recorded;

    /// <summary>Raised after a webhook delivery finished, successfully or not.</summary>
    public event Action<BudgetAlert, bool>? DeliveryFinished;

    public void Publish(BudgetAlert alert) => _alerts.Writer.TryWrite(alert);

    private async Task RunAlertsAsync()
    {
        var batch = new List<BudgetAlert>();
        while (await _alerts.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (_alerts.Reader.TryRead(out BudgetAlert? alert))
            {
                batch.Add(alert);
                BudgetLog.Alert(_logger, alert.Message);
            }

            try
            {
                _store.Append(batch);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                BudgetLog.AlertStoreFailed(_logger, ex, batch.Count);
            }

            foreach (BudgetAlert alert in batch)
            {
                Recorded?.Invoke(alert);
                foreach (WebhookTarget target in _webhooks)
                {
                    if (alert.Level >= target.MinLevel)
                    {
                        _deliveries.Writer.TryWrite((alert, target));
                    }
                }
            }
        }

        _deliveries.Writer.TryComplete();
    }

    private async Task RunWebhooksAsync()
    {
        while (await _deliveries.Reader.WaitToReadAsync())
        {
            while (_deliveries.Reader.TryRead(out var delivery))
            {
                bool ok = await DeliverAsync(delivery.Alert, delivery.Target);
                Interlocked.Increment(ref ok ? ref _delivered : ref _failed);
                DeliveryFinished?.Invoke(delivery.Alert, ok);
            }
        }
    }

    private async Task<bool> DeliverAsync(BudgetAlert alert, WebhookTarget target)
    {
        byte[] body = JsonSerializer.SerializeToUtf8Bytes(WebhookPayload.Of(alert), BudgetJsonContext.Default.WebhookPayload);
        TimeSpan delay = TimeSpan.FromSeconds(_options.RetryDelaySeconds);
        for (int attempt = 1; ; attempt++)
        {
            string reason;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, target.Url) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new("application/json") { CharSet = Encoding.UTF8.WebName };
                foreach (var (name, value) in target.Headers)
                {
                    request.Headers.TryAddWithoutValidation(name, value);
                }

                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
                timeout.CancelAfter(TimeSpan.FromSeconds(_options.TimeoutSeconds));
                using HttpResponseMessage response = await _http.SendAsync(request, timeout.Token);
                if (response.IsSuccessStatusCode)
                {
                    return true;
                }

                reason = $"HTTP {(int)response.StatusCode}";
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
            {
                reason = ex is OperationCanceledException ? "timed out" : ex.Message;
            }

            BudgetLog.WebhookFailed(_logger, target.SafeName, attempt, _options.MaxAttempts, reason);
            if (attempt >= _options.MaxAttempts || _noMoreRetries.IsCancellationRequested)
            {
                return false;
            }

            try
            {
                await Task.Delay(delay, _time, _noMoreRetries.Token);
            }
            catch (OperationCanceledException)
            {
                return false;
            }

            delay += delay;
        }
    }

    /// <summary>Records every queued alert; gives each queued webhook post one more try (a few seconds at most), without retries.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _alerts.Writer.TryComplete();
        await _alertLoop;
        await _noMoreRetries.CancelAsync();
        try
        {
            await _webhookLoop.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (TimeoutException)
        {
        }

        await _stopping.CancelAsync();
        try
        {
            await _webhookLoop;
        }
        catch (OperationCanceledException)
        {
        }

        _stopping.Dispose();
        _noMoreRetries.Dispose();
    }
}
