using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Purser.Budgets;
using Purser.Chat;
using Purser.Configuration;
using Purser.Keys;
using Purser.Pipeline;
using Purser.Pricing;
using Purser.RateLimits;
using Purser.Routing;

namespace Purser.MicroBenchmarks.RateLimits;

/// <summary>
/// What rate limiting adds to one call of the load benchmark's request: the request stage and the reconcile stage
/// with no limit configured (what every call pays), and with a key's RPM and TPM, a user's RPM and a global RPM in
/// scope (one request and the worst case in tokens taken from four buckets under one lock, then corrected).
/// </summary>
[MemoryDiagnoser]
public class RateLimitBenchmarks
{
    private RateLimitStage _none = null!;
    private RateLimitStage _limited = null!;
    private RateLimitReconcileStage _reconcile = null!;
    private string _keyId = "";

    [GlobalSetup]
    public void Setup()
    {
        var options = new PurserOptions();
        var estimator = new ReservationEstimator(new DeploymentPrices(PricingCatalog.LoadBuiltIn(), options));
        var keys = new KeyRegistry(new InMemoryKeyStore(), TimeProvider.System);
        _keyId = keys.Create(new NewKey { Name = "bench", Limits = new RateLimit { Rpm = 1_000_000_000_000, Tpm = 1_000_000_000_000_000 } }).Key.Id;
        var limiter = new RateLimiter(TimeProvider.System);
        _none = new RateLimitStage(limiter, new RateLimitScopes(new RateLimitOptions(), keys), estimator, options.Budgets, NullLogger<RateLimitStage>.Instance);
        var configured = new RateLimitOptions { Global = new RateLimit { Rpm = 1_000_000_000_000 } };
        configured.Users["*"] = new RateLimit { Rpm = 1_000_000_000_000 };
        _limited = new RateLimitStage(limiter, new RateLimitScopes(configured, keys), estimator, options.Budgets, NullLogger<RateLimitStage>.Instance);
        _reconcile = new RateLimitReconcileStage(limiter);
    }

    private PurserContext Call()
    {
        var request = new ChatRequest { Model = "gpt-4o-mini", MaxTokens = 64 };
        request.System.Add(new TextPart("You are a terse assistant. Answer with the number only."));
        request.Messages.Add(ChatMessage.FromText(ChatRole.User, "What is six times seven?"));
        var context = new PurserContext(request, "req_bench", DateTimeOffset.UtcNow, 0)
        {
            Route = new RouteDecision([new Deployment("openai", "gpt-4o-mini")], "model", "bench"),
        };
        context.Attribution.KeyId = _keyId;
        context.Attribution.User = "alice";
        return context;
    }

    [Benchmark(Baseline = true)]
    public async Task<int> NoLimitConfigured()
    {
        PurserContext context = Call();
        await _none.InvokeAsync(context, CancellationToken.None);
        await _reconcile.CompleteAsync(context, CancellationToken.None);
        return context.ResponseHeaders.Count;
    }

    [Benchmark]
    public async Task<int> KeyRpmTpmUserAndGlobal()
    {
        PurserContext context = Call();
        await _limited.InvokeAsync(context, CancellationToken.None);
        await _reconcile.CompleteAsync(context, CancellationToken.None);
        return context.ResponseHeaders.Count;
    }
}
