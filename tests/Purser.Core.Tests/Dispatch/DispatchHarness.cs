using Microsoft.Extensions.Logging.Abstractions;
using Purser.Chat;
using Purser.Configuration;
using Purser.Dispatch;
using Purser.Pipeline;
using Purser.Pricing;
using Purser.Resilience;
using Purser.Routing;
using Purser.Tests;

namespace Purser.Core.Tests.Dispatch;

/// <summary>
/// The dispatcher over fake providers on a hand-moved clock, with the real pipeline and price stage. Retries wait on
/// the clock, so a test moves it; calls run inline (no synchronisation context), so after
/// <see cref="ManualTimeProvider.Advance"/> the code has run up to its next wait.
/// </summary>
internal sealed class DispatchHarness
{
    public DispatchHarness(Action<PurserOptions>? configure = null, params string[] providers)
    {
        Options = new PurserOptions();
        Options.Resilience.Retry.Jitter = false;
        foreach (string name in providers.Length == 0 ? ["openai", "anthropic", "gemini"] : providers)
        {
            Options.Providers[name] = new ProviderOptions { Kind = ProviderKind.OpenAI };
            Fakes[name] = new FakeChatProvider(name, Time);
        }

        configure?.Invoke(Options);
        Health = new DeploymentHealthRegistry(Options, Time, NullLogger<DeploymentHealthRegistry>.Instance);
        Dispatcher = new Dispatcher(new ProviderRegistry(Fakes.Values), Health, Options, Time, NullLogger<Dispatcher>.Instance);
        Pipeline = new PurserPipeline(
            [],
            Dispatcher,
            [new PriceStage(new DeploymentPrices(PricingCatalog.LoadBuiltIn(), Options), NullLogger<PriceStage>.Instance)],
            Time);
    }

    public ManualTimeProvider Time { get; } = new();

    public PurserOptions Options { get; }

    public Dictionary<string, FakeChatProvider> Fakes { get; } = new(StringComparer.OrdinalIgnoreCase);

    public FakeChatProvider this[string provider] => Fakes[provider];

    public DeploymentHealthRegistry Health { get; }

    public Dispatcher Dispatcher { get; }

    public PurserPipeline Pipeline { get; }

    /// <summary>A context routed to <paramref name="deployments"/> ("provider/model").</summary>
    public PurserContext Context(bool stream, params string[] deployments)
    {
        var request = new ChatRequest { Model = "test", Stream = stream };
        request.Messages.Add(ChatMessage.FromText(ChatRole.User, "hello"));
        PurserContext context = Pipeline.CreateContext(request);
        context.Route = new RouteDecision([.. deployments.Select(Parse)], "test", "test route");
        return context;
    }

    public static Deployment Parse(string id) => new(id[..id.IndexOf('/', StringComparison.Ordinal)], id[(id.IndexOf('/', StringComparison.Ordinal) + 1)..]);

    /// <summary>
    /// Starts the call outside the test framework's synchronisation context, so its continuations run inline on whichever
    /// thread completes what it waits for (the test's, when it moves the clock). It runs until it first waits, or ends.
    /// </summary>
    public Task StartAsync(PurserContext context, CancellationToken cancellationToken = default)
    {
        SynchronizationContext? previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            return Pipeline.ExecuteAsync(context, cancellationToken).AsTask();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    /// <summary>
    /// Moves the clock in <paramref name="step"/>s until <paramref name="call"/> ends (at most <paramref name="limit"/> of
    /// clock time), each time only once the call waits on the clock again.
    /// </summary>
    public async Task FinishAsync(Task call, TimeSpan step, TimeSpan limit)
    {
        TimeSpan moved = TimeSpan.Zero;
        await Parked(call);
        while (!call.IsCompleted && moved < limit)
        {
            Time.Advance(step);
            moved += step;
            await Parked(call);
        }

        await call.WaitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>Runs a whole call, moving the clock in 100 ms steps as it waits.</summary>
    public async Task<PurserContext> RunAsync(PurserContext context, TimeSpan? limit = null)
    {
        Task call = StartAsync(context);
        await FinishAsync(call, TimeSpan.FromMilliseconds(100), limit ?? TimeSpan.FromMinutes(10));
        return context;
    }

    /// <summary>
    /// Waits (bounded, real time) until the call ended or waits on the clock: besides the call's deadline timer, a
    /// backoff or an attempt's time limit is pending. Most steps run inline as the clock moves, but a circuit breaker's
    /// state change continues on the thread pool, and the clock must not run ahead of it.
    /// </summary>
    private async Task Parked(Task call)
    {
        var limit = DateTime.UtcNow.AddSeconds(2);
        while (!call.IsCompleted && Time.PendingTimers < 2 && DateTime.UtcNow < limit)
        {
            await Task.Yield();
        }
    }

    /// <summary>Waits (bounded, real time) for something the code under test does on another thread.</summary>
    public static async Task Eventually(Func<bool> condition)
    {
        var limit = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > limit)
            {
                throw new TimeoutException("The condition did not become true.");
            }

            await Task.Yield();
        }
    }
}
