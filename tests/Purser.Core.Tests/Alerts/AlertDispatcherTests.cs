using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Purser.Alerts;
using Purser.Tests;

namespace Purser.Core.Tests.Alerts;

public sealed class AlertDispatcherTests
{
    private static BudgetAlert Alert(int level = 80) => new()
    {
        Budget = "daily",
        Level = level,
        Spent = 4,
        Limit = 5,
        Percent = 80,
        WindowStart = new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero),
        Message = "Budget 'daily' (global, daily) reached 80%",
    };

    [Fact]
    public async Task Publish_RecordsTheAlert_AndPostsSlackCompatibleJson()
    {
        var handler = new ScriptedHandler(HttpStatusCode.OK);
        var store = new InMemoryAlertStore();
        await using var dispatcher = Dispatcher(store, handler, new ManualTimeProvider(), minLevel: 0);
        var delivered = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        dispatcher.DeliveryFinished += (_, ok) => delivered.TrySetResult(ok);

        dispatcher.Publish(Alert());

        (await delivered.Task.WaitAsync(TimeSpan.FromSeconds(10))).ShouldBeTrue();
        store.List(null, 10).Single().Level.ShouldBe(80);
        JsonNode body = JsonNode.Parse(handler.Bodies.Single())!;
        body["text"]!.GetValue<string>().ShouldContain("reached 80%");
        body["budget"]!.GetValue<string>().ShouldBe("daily");
        body["level"]!.GetValue<int>().ShouldBe(80);
        body["limit"]!.GetValue<decimal>().ShouldBe(5);
        handler.Headers.Single()["x-token"].ShouldBe("t0k");
    }

    [Fact]
    public async Task Webhook_FailsTwice_IsRetriedWithDoublingDelaysOnTheClock()
    {
        var time = new ManualTimeProvider();
        var handler = new ScriptedHandler(HttpStatusCode.InternalServerError, HttpStatusCode.BadGateway, HttpStatusCode.OK);
        await using var dispatcher = Dispatcher(new InMemoryAlertStore(), handler, time);
        var delivered = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        dispatcher.DeliveryFinished += (_, ok) => delivered.TrySetResult(ok);

        dispatcher.Publish(Alert());

        await WaitForTimerAsync(time);
        handler.Calls.ShouldBe(1);
        time.Advance(TimeSpan.FromSeconds(2));
        await WaitForTimerAsync(time);
        handler.Calls.ShouldBe(2);
        time.Advance(TimeSpan.FromSeconds(3.9));
        delivered.Task.IsCompleted.ShouldBeFalse();
        handler.Calls.ShouldBe(2);
        time.Advance(TimeSpan.FromSeconds(0.1));
        (await delivered.Task.WaitAsync(TimeSpan.FromSeconds(10))).ShouldBeTrue();
        handler.Calls.ShouldBe(3);
        dispatcher.Delivered.ShouldBe(1);
    }

    [Fact]
    public async Task Webhook_AlwaysFailing_IsGivenUpAfterMaxAttempts_AndOtherAlertsStillRecord()
    {
        var time = new ManualTimeProvider();
        var handler = new ScriptedHandler(HttpStatusCode.InternalServerError);
        var store = new InMemoryAlertStore();
        await using var dispatcher = Dispatcher(store, handler, time, maxAttempts: 2);
        var finished = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        dispatcher.DeliveryFinished += (_, ok) => finished.TrySetResult(ok);

        dispatcher.Publish(Alert(80));
        await WaitForTimerAsync(time);
        dispatcher.Publish(Alert(90));
        await WaitUntilAsync(() => store.List(null, 10).Count == 2);
        time.Advance(TimeSpan.FromSeconds(2));

        (await finished.Task.WaitAsync(TimeSpan.FromSeconds(10))).ShouldBeFalse();
        dispatcher.Failed.ShouldBeGreaterThanOrEqualTo(1);
        handler.Calls.ShouldBeGreaterThanOrEqualTo(2);
    }

    [Fact]
    public async Task Webhook_BelowItsMinimumLevel_IsNotSent()
    {
        var handler = new ScriptedHandler(HttpStatusCode.OK);
        var store = new InMemoryAlertStore();
        await using (var dispatcher = Dispatcher(store, handler, new ManualTimeProvider(), minLevel: 90))
        {
            dispatcher.Publish(Alert(80));
        }

        store.List(null, 10).Count.ShouldBe(1);
        handler.Calls.ShouldBe(0);
    }

    private static AlertDispatcher Dispatcher(IAlertStore store, HttpMessageHandler handler, TimeProvider time, int maxAttempts = 4, int minLevel = 0)
    {
        var options = new AlertOptions { MaxAttempts = maxAttempts, RetryDelaySeconds = 2 };
        WebhookTarget target = new(new Uri("http://hooks.invalid/services/T000/B000/secret"), new Dictionary<string, string> { ["x-token"] = "t0k" }, minLevel);
        return new AlertDispatcher(store, options, [target], new HttpClient(handler), time, NullLogger<AlertDispatcher>.Instance);
    }

    private static Task WaitForTimerAsync(ManualTimeProvider time) => WaitUntilAsync(() => time.PendingTimers > 0);

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The condition did not hold within 10 s.");
            }

            await Task.Yield();
        }
    }

    private sealed class ScriptedHandler(params HttpStatusCode[] statuses) : HttpMessageHandler
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public List<string> Bodies { get; } = [];

        public List<Dictionary<string, string>> Headers { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            string body = await request.Content!.ReadAsStringAsync(cancellationToken);
            lock (Bodies)
            {
                Bodies.Add(body);
                Headers.Add(request.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value)));
            }

            int n = Interlocked.Increment(ref _calls);

            return new HttpResponseMessage(statuses[Math.Min(n, statuses.Length) - 1]);
        }
    }
}
