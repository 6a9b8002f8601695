using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Purser.Alerts;
using Purser.Balancing;
using Purser.Budgets;
using Purser.Chat;
using Purser.Configuration;
using Purser.Keys;
using Purser.Pipeline;
using Purser.Pricing;
using Purser.RateLimits;
using Purser.Resilience;
using Purser.Routing;
using Purser.Tests;
using Purser.Tokens;
using Purser.Usage;

namespace Purser.Core.Tests.Budgets;

/// <summary>
/// The real stages (route, model access, budget tier, reservation, price, reconcile; with <c>rateLimits</c> also the
/// rate-limit and load-balancing stages) around a fake dispatcher that answers with a set usage and records what it was
/// asked to do.
/// </summary>
internal sealed class BudgetPipeline
{
    public BudgetPipeline(
        Action<PurserOptions>? configure = null,
        Dictionary<string, string?>? pricing = null,
        RateLimitOptions? rateLimits = null,
        Func<string, ChatTokenCounter>? counterFor = null,
        Func<BudgetTracker, SharedBudgets>? shared = null)
    {
        Options = new PurserOptions();
        Options.Providers["openai"] = new ProviderOptions { Kind = "openai", Models = ["gpt-4o", "gpt-4o-mini", "gpt-4.1-nano"] };
        Options.Providers["local"] = new ProviderOptions { Kind = "openai", BaseUrl = "http://127.0.0.1:1/v1", Models = ["llama", "priced-no-cap"] };
        Options.Budgets.TimeZone = "UTC";
        configure?.Invoke(Options);
        IConfiguration section = new ConfigurationBuilder().AddInMemoryCollection(pricing ?? new()
        {
            ["Purser:Pricing:local/priced-no-cap:Input"] = "1",
            ["Purser:Pricing:local/priced-no-cap:Output"] = "2",
        }).Build().GetSection("Purser:Pricing");
        Catalog = PricingCatalog.Load(section);
        Tracker = new BudgetTracker(Options.Budgets, Options.Alerts, Time, new FakeSpendStore(), new InMemoryAlertStore(), Alerts, NullLogger<BudgetTracker>.Instance);
        Manager = new BudgetManager(Options, Store, Tracker);
        var resolver = new ModelResolver(Options);
        var prices = new DeploymentPrices(Catalog, Options);
        var estimator = new ReservationEstimator(prices, null, counterFor ?? ChatTokenCounter.ForModel);
        List<IRequestStage> requestStages =
        [
            new RouteStage(resolver, new RoutingCascade(Options, Time, NullLogger<RoutingCascade>.Instance)),
            new ModelAccessStage(),
            new BudgetTierStage(Manager, Tracker, new TierRouting(Options, resolver, estimator), Options.Budgets),
            new BudgetReserveStage(Tracker, estimator, Options.Budgets, Time, NullLogger<BudgetReserveStage>.Instance, shared?.Invoke(Tracker)),
        ];
        if (rateLimits is not null)
        {
            var limiter = new RateLimiter(Time);
            var keys = new KeyRegistry(new InMemoryKeyStore(), Time);
            requestStages.Add(new RateLimitStage(limiter, new RateLimitScopes(rateLimits, keys), estimator, Options.Budgets, NullLogger<RateLimitStage>.Instance));
            requestStages.Add(new BalanceStage(
                resolver,
                new DeploymentHealthRegistry(Options, Time, NullLogger<DeploymentHealthRegistry>.Instance),
                new DeploymentQuotas(limiter),
                new StickyRoutes(Time),
                new WeightedRotation(),
                estimator,
                Options.Budgets,
                Time));
        }

        ICompletionStage[] completionStages =
        [
            new PriceStage(prices, NullLogger<PriceStage>.Instance),
            new BudgetReconcileStage(Tracker, estimator, NullLogger<BudgetReconcileStage>.Instance),
        ];
        Pipeline = new PurserPipeline(requestStages, Dispatcher, completionStages, Time);
    }

    public ManualTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));

    public PurserOptions Options { get; }

    public PricingCatalog Catalog { get; }

    public InMemoryBudgetStore Store { get; } = new();

    public RecordingAlertSink Alerts { get; } = new();

    public BudgetTracker Tracker { get; }

    public BudgetManager Manager { get; }

    public FakeDispatcher Dispatcher { get; } = new();

    public PurserPipeline Pipeline { get; }

    public void Budget(string name, BudgetItemOptions item) =>
        Manager.Set(name, item).Outcome.ShouldBe(BudgetChangeOutcome.Done);

    public async Task<PurserContext> CallAsync(string model, int? maxTokens = null, Attribution? who = null, IReadOnlyList<string>? allowed = null)
    {
        var request = new ChatRequest { Model = model, MaxTokens = maxTokens };
        request.Messages.Add(new ChatMessage(ChatRole.User, [new TextPart("hello there")]));
        PurserContext context = Pipeline.CreateContext(request);
        context.Attribution = who ?? new Attribution();
        context.AllowedModels = allowed;
        await Pipeline.ExecuteAsync(context, CancellationToken.None);
        return context;
    }

    /// <summary>Answers every call with <see cref="Usage"/> from the route's first deployment.</summary>
    internal sealed class FakeDispatcher : IDispatcher
    {
        public TokenUsage Usage { get; set; } = new(1000, 500);

        public List<(IReadOnlyList<Deployment> Route, int? MaxTokens)> Calls { get; } = [];

        /// <summary>Awaited before each answer (call number, 1-based): lets a test hold a call in flight.</summary>
        public Func<int, Task>? Before { get; set; }

        public async ValueTask DispatchAsync(PurserContext context, PurserPipeline pipeline, CancellationToken cancellationToken)
        {
            Deployment deployment = context.Route!.Deployments[0];
            int number;
            lock (Calls)
            {
                Calls.Add((context.Route.Deployments, context.Request.MaxTokens));
                number = Calls.Count;
            }

            if (Before is { } before)
            {
                await before(number);
            }

            context.Attempts.Add(new AttemptRecord(deployment, 1) { Usage = Usage });
            context.ServedBy = deployment;
            context.Usage = Usage;
            var response = new ChatResponse { Model = deployment.Model, Usage = Usage };
            response.Content.Add(new TextPart("ok"));
            context.Response = response;
        }
    }
}
