using Purser.Budgets;
using Purser.Configuration;
using Purser.Errors;
using Purser.Pipeline;
using Purser.Pricing;
using Purser.Routing;
using Purser.Usage;

namespace Purser.Core.Tests.Budgets;

public sealed class BudgetStagesTests
{
    private static BudgetItemOptions Daily(decimal limit) => new() { Limit = limit };

    [Fact]
    public async Task Call_PlentyLeft_RunsAsAskedAndIsReconciledToItsCost()
    {
        var p = new BudgetPipeline();
        p.Budget("daily", Daily(5));

        PurserContext context = await p.CallAsync("openai/gpt-4o", maxTokens: 800);

        context.Error.ShouldBeNull();
        context.Route!.Header.ShouldBe("explicit");
        context.BudgetTier.ShouldBe("any");
        // 1,000 input + 500 output tokens at $2.50 / $10 per 1M.
        context.CostUsd.ShouldBe(0.0075m);
        BudgetStatus status = p.Tracker.Status().Single();
        (status.Spent, status.Reserved).ShouldBe((0.0075m, 0m));
        context.ResponseHeaders[BudgetHeaders.RemainingUsd].ShouldBe("4.9925");
    }

    [Fact]
    public async Task Reserve_HoldsTheWorstCaseOfTheCall()
    {
        var p = new BudgetPipeline();
        p.Budget("daily", Daily(5));
        var observed = new List<decimal>();
        p.Dispatcher.Usage = new TokenUsage(10, 10);
        var spy = new SpyDispatcher(p.Dispatcher, () => observed.Add(p.Tracker.Status().Single().Reserved));
        var pipeline = new PurserPipeline(
            [new RouteStage(new ModelResolver(p.Options), new RoutingCascade(p.Options, p.Time, Microsoft.Extensions.Logging.Abstractions.NullLogger<RoutingCascade>.Instance)), new BudgetTierStage(p.Manager, p.Tracker, new TierRouting(p.Options, new ModelResolver(p.Options), new ReservationEstimator(new DeploymentPrices(p.Catalog, p.Options))), p.Options.Budgets),
             new BudgetReserveStage(p.Tracker, new ReservationEstimator(new DeploymentPrices(p.Catalog, p.Options)), p.Options.Budgets, p.Time, Microsoft.Extensions.Logging.Abstractions.NullLogger<BudgetReserveStage>.Instance)],
            spy,
            [],
            p.Time);
        var request = new Chat.ChatRequest { Model = "openai/gpt-4o", MaxTokens = 1000 };
        request.Messages.Add(new Chat.ChatMessage(Chat.ChatRole.User, [new Chat.TextPart("hello there")]));
        long prompt = Purser.Tokens.ChatTokenCounter.ForModel("gpt-4o").CountPrompt(request).Tokens;

        await pipeline.ExecuteAsync(pipeline.CreateContext(request), CancellationToken.None);

        observed.Single().ShouldBe(((prompt * 2.50m) + (1000 * 10m)) / 1_000_000m);
    }

    [Fact]
    public async Task Reserve_ProviderBillsMorePromptThanCounted_LaterWorstCasesCoverIt_AndTheBudgetIsNotOvershot()
    {
        // gpt-4o at $2.50 / $10 per 1M; "hello there" counts about 10 tokens but the provider bills 200: each call
        // costs $0.0011 (200 × 2.5 + 60 × 10) against a first worst case of about $0.000625. With $0.0043, three calls
        // fit; a fourth reserved at the count alone would fit too ($0.0033 spent) and end at $0.0044.
        var p = new BudgetPipeline(o => o.Budgets.Tiers = new BudgetTierOptions { CheapBelow = "0", EmergencyBelow = "0" });
        p.Budget("daily", new BudgetItemOptions { Limit = 0.0043m });
        p.Dispatcher.Usage = new TokenUsage(200, 60);

        var served = 0;
        for (int i = 0; i < 10; i++)
        {
            PurserContext context = await p.CallAsync("openai/gpt-4o", maxTokens: 60);
            if (context.Error is not null)
            {
                context.Error.Kind.ShouldBe(ErrorKind.BudgetExceeded);
                break;
            }

            served++;
        }

        served.ShouldBe(3);
        BudgetStatus status = p.Tracker.Status().Single();
        status.Spent.ShouldBe(0.0033m);
        status.Spent.ShouldBeLessThanOrEqualTo(status.Limit);
    }

    [Fact]
    public async Task Reserve_ConcurrentCallsOnAFreshDeployment_WaitForTheFirstCallsBill_AndTheBudgetIsNotOvershot()
    {
        // As above (each call bills $0.0011 against a first worst case of about $0.000625, $0.0043 limit), but six calls
        // at once: reserved at the count, all six would fit ($0.00375) and spend $0.0066. The first call probes the
        // deployment; the others give their reservation back, wait for its bill, and reserve what it taught.
        var p = new BudgetPipeline(o => o.Budgets.Tiers = new BudgetTierOptions { CheapBelow = "0", EmergencyBelow = "0" });
        p.Budget("daily", new BudgetItemOptions { Limit = 0.0043m });
        p.Dispatcher.Usage = new TokenUsage(200, 60);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        p.Dispatcher.Before = n => n == 1 ? release.Task : Task.CompletedTask;

        Task<PurserContext>[] calls = [.. Enumerable.Range(0, 6).Select(_ => p.CallAsync("openai/gpt-4o", maxTokens: 60))];
        p.Dispatcher.Calls.Count.ShouldBe(1); // the others wait for the probe, holding nothing
        p.Tracker.Status().Single().Reserved.ShouldBeLessThan(0.001m);
        release.SetResult();
        PurserContext[] done = await Task.WhenAll(calls).WaitAsync(TimeSpan.FromSeconds(10));

        done.Count(c => c.Error is null).ShouldBe(3);
        done.Where(c => c.Error is not null).ShouldAllBe(c => c.Error!.Kind == ErrorKind.BudgetExceeded);
        BudgetStatus status = p.Tracker.Status().Single();
        status.Spent.ShouldBe(0.0033m);
        status.Reserved.ShouldBe(0m);
    }

    [Fact]
    public async Task Reserve_DeploymentProbedOnce_LaterCallsDoNotWaitForEachOther()
    {
        var p = new BudgetPipeline();
        p.Budget("daily", Daily(5));
        p.Dispatcher.Usage = new TokenUsage(10, 10);
        (await p.CallAsync("openai/gpt-4o", maxTokens: 60)).Error.ShouldBeNull(); // the probe
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        p.Dispatcher.Before = n => n == 2 ? release.Task : Task.CompletedTask;

        Task<PurserContext> held = p.CallAsync("openai/gpt-4o", maxTokens: 60);
        PurserContext other = await p.CallAsync("openai/gpt-4o", maxTokens: 60).WaitAsync(TimeSpan.FromSeconds(10));

        other.Error.ShouldBeNull();
        held.IsCompleted.ShouldBeFalse();
        release.SetResult();
        (await held).Error.ShouldBeNull();
    }

    [Fact]
    public async Task Reserve_ProviderBillsMoreOutputThanAllowed_LaterWorstCasesCoverIt_AndTheBudgetIsNotOvershot()
    {
        // An upstream that ignores max_tokens 5 and bills 200 output tokens: $0.002 a call at $10 per 1M (plus the
        // prompt, about $0.00003) against a first worst case of about $0.00008. With $0.0065, three calls fit; a fourth,
        // reserved for 5 output tokens, would start at about $0.0061 spent and end past the limit.
        var p = new BudgetPipeline(o => o.Budgets.Tiers = new BudgetTierOptions { CheapBelow = "0", EmergencyBelow = "0" });
        p.Budget("daily", new BudgetItemOptions { Limit = 0.0065m });
        p.Dispatcher.Usage = new TokenUsage(10, 200);

        var served = 0;
        for (int i = 0; i < 10; i++)
        {
            PurserContext context = await p.CallAsync("openai/gpt-4o", maxTokens: 5);
            if (context.Error is not null)
            {
                context.Error.Kind.ShouldBe(ErrorKind.BudgetExceeded);
                break;
            }

            served++;
        }

        served.ShouldBe(3);
        BudgetStatus status = p.Tracker.Status().Single();
        status.Spent.ShouldBeLessThanOrEqualTo(status.Limit);
    }

    [Fact]
    public async Task CheapTier_WithACheapAlias_SwitchesToItsTargets()
    {
        var p = new BudgetPipeline(o => o.Models["cheap"] = new ModelAliasOptions { Targets = ["openai/gpt-4.1-nano", "openai/gpt-4o-mini"] });
        p.Budget("daily", Daily(5));
        p.Tracker.Charge(p.Tracker.Resolve(new Attribution()), Budget.Pico(3.2m), 0, p.Time.GetUtcNow());

        PurserContext context = await p.CallAsync("openai/gpt-4o", maxTokens: 800);

        context.Error.ShouldBeNull();
        context.BudgetTier.ShouldBe("cheap");
        context.Route!.Header.ShouldBe("explicit>tier:cheap");
        context.Route.Reason.ShouldContain("budget 'daily' has $1.80 left");
        p.Dispatcher.Calls.Single().Route.ShouldBe([new Deployment("openai", "gpt-4.1-nano"), new Deployment("openai", "gpt-4o-mini")]);
    }

    [Fact]
    public async Task CheapTier_WithoutAnAlias_KeepsModelsPricedAsCheap()
    {
        var p = new BudgetPipeline();
        p.Budget("daily", Daily(5));
        p.Tracker.Charge(p.Tracker.Resolve(new Attribution()), Budget.Pico(3.5m), 0, p.Time.GetUtcNow());

        PurserContext context = await p.CallAsync("openai/gpt-4o", maxTokens: 800);

        context.Route!.Header.ShouldBe("explicit>tier:cheap");
        p.Dispatcher.Calls.Single().Route.ShouldNotContain(new Deployment("openai", "gpt-4o"));
        p.Dispatcher.Calls.Single().Route[0].ShouldBe(new Deployment("openai", "gpt-4.1-nano"));
    }

    [Fact]
    public async Task CheapTier_ModelAlreadyCheap_StaysAndSaysSo()
    {
        var p = new BudgetPipeline();
        p.Budget("daily", Daily(5));
        p.Tracker.Charge(p.Tracker.Resolve(new Attribution()), Budget.Pico(3.5m), 0, p.Time.GetUtcNow());

        PurserContext context = await p.CallAsync("openai/gpt-4o-mini", maxTokens: 800);

        context.Route!.Header.ShouldBe("explicit>tier:cheap");
        p.Dispatcher.Calls.Single().Route.ShouldBe([new Deployment("openai", "gpt-4o-mini")]);
    }

    [Fact]
    public async Task EmergencyTier_CheapestModel_AndCappedMaxTokens()
    {
        var p = new BudgetPipeline(o => o.Budgets.Tiers.EmergencyMaxTokens = 256);
        p.Budget("daily", Daily(5));
        p.Tracker.Charge(p.Tracker.Resolve(new Attribution()), Budget.Pico(4.7m), 0, p.Time.GetUtcNow());

        PurserContext context = await p.CallAsync("openai/gpt-4o", maxTokens: 4000);

        context.Error.ShouldBeNull();
        context.BudgetTier.ShouldBe("emergency");
        context.Route!.Header.ShouldBe("explicit>tier:emergency");
        p.Dispatcher.Calls.Single().Route.ShouldBe([new Deployment("openai", "gpt-4.1-nano")]);
        p.Dispatcher.Calls.Single().MaxTokens.ShouldBe(256);
    }

    [Fact]
    public async Task EmergencyTier_PicksOnlyModelsTheKeyAllows()
    {
        var p = new BudgetPipeline();
        p.Budget("daily", Daily(5));
        p.Tracker.Charge(p.Tracker.Resolve(new Attribution()), Budget.Pico(4.7m), 0, p.Time.GetUtcNow());

        await p.CallAsync("openai/gpt-4o", maxTokens: 4000, allowed: ["openai/gpt-4o", "openai/gpt-4o-mini"]);

        p.Dispatcher.Calls.Single().Route.ShouldBe([new Deployment("openai", "gpt-4o-mini")]);
    }

    [Fact]
    public async Task NothingLeft_RefusedWith429NamingBudgetSpendLimitAndReset()
    {
        var p = new BudgetPipeline();
        p.Budget("daily", Daily(5));
        p.Tracker.Charge(p.Tracker.Resolve(new Attribution()), Budget.Pico(5), 0, p.Time.GetUtcNow());

        PurserContext context = await p.CallAsync("openai/gpt-4o-mini", maxTokens: 100);

        context.Error!.Kind.ShouldBe(ErrorKind.BudgetExceeded);
        context.Error.StatusCode.ShouldBe(429);
        context.Error.Code.ShouldBe("budget_exceeded");
        context.Error.Message.ShouldStartWith("Budget 'daily' (global, daily) has no room for this call: spent $5.00 of $5.00");
        context.Error.Message.ShouldContain("it resets at 2026-11-23 00:00 UTC (2026-11-23T00:00:00Z)");
        context.Error.Headers![BudgetHeaders.Budget].ShouldBe("daily");
        context.Error.Headers[BudgetHeaders.ResetsAt].ShouldBe("2026-11-23T00:00:00Z");
        context.Route!.Header.ShouldBe("explicit>tier:exhausted");
        context.BudgetTier.ShouldBe("exhausted");
        p.Dispatcher.Calls.ShouldBeEmpty();
        p.Tracker.Status().Single().Spent.ShouldBe(5);
    }

    [Fact]
    public async Task NoMaxTokensAndNoKnownCap_TheCallIsBoundedByTheDefault()
    {
        var p = new BudgetPipeline(o => o.Budgets.DefaultMaxOutputTokens = 777);
        p.Budget("daily", Daily(5));

        await p.CallAsync("local/priced-no-cap");
        await p.CallAsync("openai/gpt-4o-mini");

        p.Dispatcher.Calls[0].MaxTokens.ShouldBe(777);
        p.Dispatcher.Calls[1].MaxTokens.ShouldBeNull(); // the catalog knows its cap: the reservation uses it
    }

    [Fact]
    public async Task HardDollarBudget_ModelWithoutAPrice_IsRefusedClearly()
    {
        var p = new BudgetPipeline();
        p.Budget("daily", Daily(5));

        PurserContext context = await p.CallAsync("local/llama");

        context.Error!.StatusCode.ShouldBe(400);
        context.Error.Code.ShouldBe("model_not_priced");
        context.Error.Message.ShouldContain("Purser:Pricing");
        p.Dispatcher.Calls.ShouldBeEmpty();
    }

    [Fact]
    public async Task SoftOrTokenBudget_ModelWithoutAPrice_IsServed()
    {
        var p = new BudgetPipeline();
        p.Budget("watch", new BudgetItemOptions { Limit = 5, Mode = "soft" });
        p.Budget("plan", new BudgetItemOptions { Plan = "lite" });
        p.Dispatcher.Usage = new TokenUsage(300, 200);

        PurserContext context = await p.CallAsync("local/llama", maxTokens: 100);

        context.Error.ShouldBeNull();
        context.CostUsd.ShouldBeNull();
        p.Tracker.Status().Single(s => s.Name == "plan").Spent.ShouldBe(500);
    }

    [Fact]
    public async Task TokenBudget_RefusesWhenPromptPlusMaxOutputDoesNotFit()
    {
        var p = new BudgetPipeline();
        p.Budget("tiny", new BudgetItemOptions { Limit = 1000, Unit = "tokens", Window = "monthly" });

        PurserContext fits = await p.CallAsync("openai/gpt-4o-mini", maxTokens: 900);
        p.Tracker.Status().Single().Spent.ShouldBe(1500); // the fake upstream bills 1,000 + 500 tokens
        PurserContext refused = await p.CallAsync("openai/gpt-4o-mini", maxTokens: 10);

        fits.Error.ShouldBeNull();
        refused.Error!.Kind.ShouldBe(ErrorKind.BudgetExceeded);
        refused.Error.Message.ShouldContain("1,500 tokens of 1,000 tokens");
    }

    [Fact]
    public async Task ProjectBudget_OnlyItsProjectsCallsCount()
    {
        var p = new BudgetPipeline();
        p.Budget("alpha", new BudgetItemOptions { Scope = "project", Match = "alpha", Limit = 1 });

        await p.CallAsync("openai/gpt-4o", maxTokens: 100, who: new Attribution { Project = "beta" });
        await p.CallAsync("openai/gpt-4o", maxTokens: 100, who: new Attribution { Project = "alpha" });

        p.Tracker.Status().Single().Spent.ShouldBe(0.0075m);
    }

    [Fact]
    public async Task AllowedModels_OtherModel_Refused403()
    {
        var p = new BudgetPipeline();

        PurserContext context = await p.CallAsync("openai/gpt-4o", who: new Attribution { KeyName = "ci" }, allowed: ["openai/gpt-4o-mini", "local/*"]);

        context.Error!.StatusCode.ShouldBe(403);
        context.Error.Code.ShouldBe("model_not_allowed");
        context.Error.Message.ShouldContain("key 'ci'");
        p.Dispatcher.Calls.ShouldBeEmpty();
        (await p.CallAsync("local/llama", allowed: ["openai/gpt-4o-mini", "local/*"])).Error.ShouldBeNull();
    }

    [Fact]
    public async Task AllowedModels_AliasWithSomeTargetsAllowed_KeepsThoseOnly()
    {
        var p = new BudgetPipeline(o => o.Models["smart"] = new ModelAliasOptions { Targets = ["openai/gpt-4o", "openai/gpt-4o-mini"] });

        PurserContext context = await p.CallAsync("smart", allowed: ["openai/gpt-4o-mini"]);

        context.Error.ShouldBeNull();
        p.Dispatcher.Calls.Single().Route.ShouldBe([new Deployment("openai", "gpt-4o-mini")]);
    }

    [Fact]
    public async Task NoBudgets_StagesStayOutOfTheWay()
    {
        var p = new BudgetPipeline();

        PurserContext context = await p.CallAsync("openai/gpt-4o");

        context.BudgetTier.ShouldBeNull();
        context.ResponseHeaders.ShouldNotContainKey(BudgetHeaders.RemainingUsd);
        p.Dispatcher.Calls.Single().MaxTokens.ShouldBeNull();
    }

    private sealed class SpyDispatcher(IDispatcher inner, Action before) : IDispatcher
    {
        public ValueTask DispatchAsync(PurserContext context, PurserPipeline pipeline, CancellationToken cancellationToken)
        {
            before();
            return inner.DispatchAsync(context, pipeline, cancellationToken);
        }
    }
}
