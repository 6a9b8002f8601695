using Microsoft.Extensions.Logging.Abstractions;
using Purser.Budgets;
using Purser.Keys;
using Purser.Tests;

namespace Purser.Core.Tests.Budgets;

public sealed class BudgetAllocatorTests
{
    [Fact]
    public void Split_ByUsage_AfterEachChildsFloor()
    {
        long[] shares = BudgetAllocator.Split(1000, [300, 100, 0], 0.05m);

        // Floors of 50 each; the other 850 split 3:1:0.
        shares.ShouldBe([50 + 637, 50 + 212, 50]);
        shares.Sum().ShouldBeLessThanOrEqualTo(1000);
    }

    [Fact]
    public void Split_NobodyUsedAnything_SplitsEqually()
    {
        BudgetAllocator.Split(999, [0, 0, 0], 0.05m).ShouldBe([333, 333, 333]);
    }

    [Fact]
    public void Split_FloorsLargerThanTheTotal_ShrinkToAnEqualSplit()
    {
        BudgetAllocator.Split(100, [5, 1, 0, 9], 0.5m).ShouldBe([25, 25, 25, 25]);
    }

    [Fact]
    public void Allocate_SharesTheParentByRecentUsage_AndTheChildLimitsFollow()
    {
        var time = new ManualTimeProvider(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));
        var spend = new FakeSpendStore();
        BudgetDefinition team = new() { Name = "team", Limit = 100, Window = BudgetWindow.Monthly, Allocation = BudgetAllocation.Dynamic };
        BudgetDefinition alpha = new() { Name = "alpha", Scope = BudgetScope.Project, Match = "alpha", Window = BudgetWindow.Monthly, Parent = "team" };
        BudgetDefinition beta = new() { Name = "beta", Scope = BudgetScope.Project, Match = "beta", Window = BudgetWindow.Monthly, Parent = "team", Limit = 20 };
        BudgetTracker tracker = Budget.Tracker(time, spend);
        tracker.Apply([team, alpha, beta]);
        tracker.Status().Single(s => s.Name == "alpha").Limit.ShouldBe(50); // equal shares until usage is measured
        spend.Spend["alpha"] = new() { ["alpha"] = Budget.Pico(30) };
        spend.Spend["beta"] = new() { ["beta"] = Budget.Pico(10) };
        var allocator = new BudgetAllocator(tracker, spend, new BudgetOptions(), time, NullLogger<BudgetAllocator>.Instance);

        allocator.Allocate();

        // Floors of $5 each, the other $90 split 3:1 → alpha $72.50, beta $27.50 capped at its own $20.
        BudgetStatus[] status = [.. tracker.Status()];
        status.Single(s => s.Name == "alpha").Limit.ShouldBe(72.5m);
        status.Single(s => s.Name == "beta").Limit.ShouldBe(20m);
        status.Single(s => s.Name == "alpha").AllocatedFrom.ShouldBe("team");
        spend.Queries.ShouldContain(("alpha", time.GetUtcNow().AddDays(-7), (DateTimeOffset?)time.GetUtcNow()));
    }

    [Fact]
    public void Scheduler_RecomputesOnItsInterval()
    {
        var time = new ManualTimeProvider(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));
        var spend = new FakeSpendStore();
        var options = new Purser.Configuration.PurserOptions();
        options.Budgets.TimeZone = "UTC";
        options.Budgets.Allocation.IntervalMinutes = 30;
        options.Budgets.Items["team"] = new BudgetItemOptions { Limit = 10, Allocation = "dynamic" };
        options.Budgets.Items["a"] = new BudgetItemOptions { Scope = "agent", Match = "a", Parent = "team" };
        options.Budgets.Items["b"] = new BudgetItemOptions { Scope = "agent", Match = "b", Parent = "team" };
        BudgetTracker tracker = Budget.Tracker(time, spend, options: options.Budgets);
        var manager = new BudgetManager(options, new InMemoryBudgetStore(), tracker);
        var allocator = new BudgetAllocator(tracker, spend, options.Budgets, time, NullLogger<BudgetAllocator>.Instance);
        var scheduler = new BudgetScheduler(manager, new KeyRegistry(new InMemoryKeyStore(), time), allocator, options.Budgets, time, NullLogger<BudgetScheduler>.Instance);
        scheduler.Start();
        tracker.Status().Single(s => s.Name == "a").Limit.ShouldBe(5);

        spend.Spend["a"] = new() { ["a"] = Budget.Pico(9) };
        time.Advance(TimeSpan.FromMinutes(29));
        tracker.Status().Single(s => s.Name == "a").Limit.ShouldBe(5);
        time.Advance(TimeSpan.FromMinutes(1));

        // Floors of $0.50; the other $9 all to a.
        tracker.Status().Single(s => s.Name == "a").Limit.ShouldBe(9.5m);
        tracker.Status().Single(s => s.Name == "b").Limit.ShouldBe(0.5m);
    }
}
