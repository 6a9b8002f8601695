using Microsoft.Extensions.Configuration;
using Purser.Budgets;
using Purser.Configuration;
using Purser.Tests;

namespace Purser.Core.Tests.Budgets;

public sealed class BudgetManagerTests
{
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));

    private (BudgetManager Manager, InMemoryBudgetStore Store, BudgetTracker Tracker) Create(Action<PurserOptions>? configure = null)
    {
        var options = new PurserOptions();
        options.Budgets.TimeZone = "UTC";
        configure?.Invoke(options);
        var store = new InMemoryBudgetStore();
        BudgetTracker tracker = Budget.Tracker(_time, options: options.Budgets);
        return (new BudgetManager(options, store, tracker), store, tracker);
    }

    [Fact]
    public void Set_StoresAndAppliesAtOnce()
    {
        var (manager, store, tracker) = Create();

        BudgetChange change = manager.Set("daily", new BudgetItemOptions { Limit = 5 });

        change.Outcome.ShouldBe(BudgetChangeOutcome.Done);
        store.List().Single().Key.ShouldBe("daily");
        tracker.Definitions.Single().Source.ShouldBe(BudgetSource.Store);
    }

    [Fact]
    public void Set_ABudgetOfTheConfiguration_IsAConflict()
    {
        var (manager, _, _) = Create(o => o.Budgets.Items["daily"] = new BudgetItemOptions { Limit = 5 });

        BudgetChange change = manager.Set("daily", new BudgetItemOptions { Limit = 50 });

        change.Outcome.ShouldBe(BudgetChangeOutcome.Conflict);
        change.Errors.Single().ShouldContain("Purser:Budgets:Items:daily");
        manager.List().Single().Limit.ShouldBe(5);
    }

    [Fact]
    public void Set_Invalid_SaysWhy()
    {
        var (manager, store, _) = Create();

        BudgetChange change = manager.Set("p", new BudgetItemOptions { Scope = "project", Limit = 5 });

        change.Outcome.ShouldBe(BudgetChangeOutcome.Invalid);
        change.Errors.Single().ShouldStartWith("budget 'p':Match is required");
        store.List().ShouldBeEmpty();
    }

    [Fact]
    public void Remove_AParentWithChildren_IsRefused_ThenWorksOnceTheyAreGone()
    {
        var (manager, _, _) = Create();
        manager.Set("team", new BudgetItemOptions { Limit = 10, Allocation = "dynamic" });
        manager.Set("a", new BudgetItemOptions { Scope = "agent", Match = "a", Parent = "team" });

        manager.Remove("team").Outcome.ShouldBe(BudgetChangeOutcome.Invalid);
        manager.Remove("a").Outcome.ShouldBe(BudgetChangeOutcome.Done);
        manager.Remove("team").Outcome.ShouldBe(BudgetChangeOutcome.Done);
        manager.Remove("team").Outcome.ShouldBe(BudgetChangeOutcome.NotFound);
        manager.List().ShouldBeEmpty();
    }

    [Fact]
    public void Reload_SeesBudgetsAnotherProcessStored()
    {
        var (manager, store, tracker) = Create();
        manager.List().ShouldBeEmpty();

        store.Upsert("daily", new BudgetItemOptions { Limit = 2 });
        manager.Reload();

        tracker.Definitions.Single().Name.ShouldBe("daily");
    }

    [Fact]
    public void Configuration_BudgetsAndTheirMistakes_AreValidatedAtStartUp()
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Purser:Budgets:TimeZone"] = "Mars/Olympus",
            ["Purser:Budgets:Tiers:CheapBelow"] = "5%",
            ["Purser:Budgets:Tiers:EmergencyBelow"] = "10%",
            ["Purser:Budgets:Items:daily:Limit"] = "5",
            ["Purser:Budgets:Items:daily:Window"] = "fortnightly",
            ["Purser:Alerts:Levels:0"] = "150",
            ["Purser:Alerts:Webhooks:0:Url"] = "env:SLACK_URL",
        }).Build();

        var ex = Should.Throw<PurserConfigurationException>(() => PurserOptionsLoader.Load(configuration, _ => null));

        ex.Errors.ShouldContain(e => e.StartsWith("Purser:Budgets:TimeZone 'Mars/Olympus'", StringComparison.Ordinal));
        ex.Errors.ShouldContain("Purser:Budgets:Tiers: EmergencyBelow must not be above CheapBelow.");
        ex.Errors.ShouldContain(e => e.StartsWith("Purser:Budgets:Items:daily:Window 'fortnightly'", StringComparison.Ordinal));
        ex.Errors.ShouldContain(e => e.StartsWith("Purser:Alerts:Levels", StringComparison.Ordinal));
        ex.Errors.ShouldContain("Purser:Alerts:Webhooks:0:Url reads an environment variable that is not set.");
    }

    [Fact]
    public void Configuration_ValidBudgets_Load()
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Purser:Budgets:TimeZone"] = "Europe/Berlin",
            ["Purser:Budgets:Items:daily:Limit"] = "5",
            ["Purser:Budgets:Items:lite:Scope"] = "key",
            ["Purser:Budgets:Items:lite:Match"] = "*",
            ["Purser:Budgets:Items:lite:Plan"] = "lite",
        }).Build();

        PurserOptions options = PurserOptionsLoader.Load(configuration, _ => null);

        options.Budgets.Items.Keys.Order().ShouldBe(["daily", "lite"]);
    }
}
