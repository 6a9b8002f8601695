using Purser.Alerts;
using Purser.Budgets;
using Purser.Pipeline;
using Purser.Tests;

namespace Purser.Core.Tests.Budgets;

public sealed class BudgetTrackerTests
{
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));

    private DateTimeOffset Now => _time.GetUtcNow();

    [Fact]
    public void TryReserve_WorstCaseFits_HoldsItUntilSettled()
    {
        BudgetDefinition daily = Budget.Usd("daily", 5);
        BudgetTracker tracker = Budget.Tracker(_time);
        tracker.Apply([daily]);

        BudgetReservation? r = tracker.TryReserve(Budget.Scope(daily), Budget.Pico(1.25m), 100, Now, out BudgetRefusal? refusal);

        refusal.ShouldBeNull();
        r.ShouldNotBeNull();
        BudgetStatus status = tracker.Status().Single();
        status.Reserved.ShouldBe(1.25m);
        status.Remaining.ShouldBe(3.75m);
        status.Spent.ShouldBe(0);
    }

    [Fact]
    public void TryReserve_ExactlyTheRemainder_IsAllowed_OnePicoMoreIsNot()
    {
        BudgetDefinition daily = Budget.Usd("daily", 1);
        BudgetTracker tracker = Budget.Tracker(_time);
        tracker.Apply([daily]);
        tracker.TryReserve(Budget.Scope(daily), Budget.Pico(0.4m), 0, Now, out _).ShouldNotBeNull();

        tracker.TryReserve(Budget.Scope(daily), Budget.Pico(0.6m) + 1, 0, Now, out BudgetRefusal? over).ShouldBeNull();
        over.ShouldNotBeNull();
        over.Needed.ShouldBe(Budget.Pico(0.6m) + 1);
        over.Reserved.ShouldBe(Budget.Pico(0.4m));

        tracker.TryReserve(Budget.Scope(daily), Budget.Pico(0.6m), 0, Now, out BudgetRefusal? exact).ShouldNotBeNull();
        exact.ShouldBeNull();
        tracker.Status().Single().Remaining.ShouldBe(0);
    }

    [Fact]
    public void TryReserve_OneOfSeveralBudgetsHasNoRoom_ReservesNothingAnywhere()
    {
        BudgetDefinition global = Budget.Usd("global", 10);
        BudgetDefinition project = Budget.Usd("alpha", 1, scope: BudgetScope.Project, match: "alpha");
        BudgetTracker tracker = Budget.Tracker(_time);
        tracker.Apply([global, project]);

        tracker.TryReserve(Budget.Scope(global, project), Budget.Pico(2), 0, Now, out BudgetRefusal? refusal).ShouldBeNull();

        refusal!.Budget.ShouldBe("alpha");
        tracker.Status().ShouldAllBe(s => s.Reserved == 0);
        tracker.ActiveReservations.ShouldBe(0);
    }

    [Fact]
    public void Settle_ReplacesTheReservationWithTheRealCost()
    {
        BudgetDefinition daily = Budget.Usd("daily", 5);
        BudgetTracker tracker = Budget.Tracker(_time);
        tracker.Apply([daily]);
        BudgetReservation r = tracker.TryReserve(Budget.Scope(daily), Budget.Pico(1), 0, Now, out _)!;

        tracker.Settle(r, Budget.Pico(0.0125m), 0).ShouldBeFalse();

        BudgetStatus status = tracker.Status().Single();
        status.Spent.ShouldBe(0.0125m);
        status.Reserved.ShouldBe(0);
        status.Remaining.ShouldBe(4.9875m);
        tracker.ActiveReservations.ShouldBe(0);
    }

    [Fact]
    public void Settle_FailureThatBilledNothing_ReleasesEverything()
    {
        BudgetDefinition daily = Budget.Usd("daily", 5);
        BudgetTracker tracker = Budget.Tracker(_time);
        tracker.Apply([daily]);
        BudgetReservation r = tracker.TryReserve(Budget.Scope(daily), Budget.Pico(4), 0, Now, out _)!;

        tracker.Settle(r, 0, 0);

        tracker.Status().Single().Remaining.ShouldBe(5);
    }

    [Fact]
    public void Settle_UnknownCost_ChargesTheReservedWorstCase()
    {
        BudgetDefinition daily = Budget.Usd("daily", 5);
        BudgetTracker tracker = Budget.Tracker(_time);
        tracker.Apply([daily]);
        BudgetReservation r = tracker.TryReserve(Budget.Scope(daily), Budget.Pico(0.3m), 0, Now, out _)!;

        tracker.Settle(r, null, 0);

        tracker.Status().Single().Spent.ShouldBe(0.3m);
    }

    [Fact]
    public void Settle_Twice_CountsOnce()
    {
        BudgetDefinition daily = Budget.Usd("daily", 5);
        BudgetTracker tracker = Budget.Tracker(_time);
        tracker.Apply([daily]);
        BudgetReservation r = tracker.TryReserve(Budget.Scope(daily), Budget.Pico(1), 0, Now, out _)!;

        tracker.Settle(r, Budget.Pico(0.5m), 0);
        tracker.Settle(r, Budget.Pico(0.5m), 0);

        tracker.Status().Single().Spent.ShouldBe(0.5m);
    }

    [Fact]
    public void Settle_CostAboveTheReservation_IsCountedAndReported()
    {
        BudgetDefinition daily = Budget.Usd("daily", 5);
        BudgetTracker tracker = Budget.Tracker(_time);
        tracker.Apply([daily]);
        BudgetReservation r = tracker.TryReserve(Budget.Scope(daily), Budget.Pico(0.1m), 0, Now, out _)!;

        tracker.Settle(r, Budget.Pico(0.2m), 0).ShouldBeTrue();

        tracker.Status().Single().Spent.ShouldBe(0.2m);
    }

    [Fact]
    public void SoftBudget_NeverRefuses_ButCounts()
    {
        BudgetDefinition soft = Budget.Usd("watch", 1, mode: BudgetMode.Soft);
        BudgetTracker tracker = Budget.Tracker(_time);
        tracker.Apply([soft]);

        BudgetReservation? r = tracker.TryReserve(Budget.Scope(soft), Budget.Pico(3), 0, Now, out BudgetRefusal? refusal);
        tracker.Settle(r!, Budget.Pico(2), 0);

        refusal.ShouldBeNull();
        BudgetStatus status = tracker.Status().Single();
        status.Spent.ShouldBe(2);
        status.Tier.ShouldBe("soft");
    }

    [Fact]
    public void TokenBudget_CountsTokens()
    {
        BudgetDefinition plan = Budget.Tokens("lite", 200_000);
        BudgetTracker tracker = Budget.Tracker(_time);
        tracker.Apply([plan]);

        BudgetReservation r = tracker.TryReserve(Budget.Scope(plan), Budget.Pico(99), 150_000, Now, out _)!;
        tracker.TryReserve(Budget.Scope(plan), 0, 50_001, Now, out BudgetRefusal? refusal).ShouldBeNull();
        tracker.Settle(r, Budget.Pico(99), 1_234);

        refusal!.Unit.ShouldBe(BudgetUnit.Tokens);
        tracker.Status().Single().Spent.ShouldBe(1_234);
    }

    [Theory]
    [InlineData("3", "any")]
    [InlineData("2.000001", "any")]
    [InlineData("2", "cheap")]
    [InlineData("0.5", "cheap")]
    [InlineData("0.499999", "emergency")]
    [InlineData("0.000001", "emergency")]
    [InlineData("0", "exhausted")]
    public void EvaluateTier_FiveDollarDay_FollowsTheDefaults(string left, string expected)
    {
        BudgetDefinition daily = Budget.Usd("daily", 5);
        BudgetTracker tracker = Budget.Tracker(_time);
        tracker.Apply([daily]);
        tracker.Charge(Budget.Scope(daily), Budget.Pico(5 - decimal.Parse(left, System.Globalization.CultureInfo.InvariantCulture)), 0, Now);

        TierDecision decision = tracker.EvaluateTier(Budget.Scope(daily), Now);

        decision.Tier.ToString().ToLowerInvariant().ShouldBe(expected);
        tracker.Status().Single().Tier.ShouldBe(expected);
    }

    [Fact]
    public void EvaluateTier_CountsReservationsOfCallsInFlight()
    {
        BudgetDefinition daily = Budget.Usd("daily", 5);
        BudgetTracker tracker = Budget.Tracker(_time);
        tracker.Apply([daily]);
        tracker.TryReserve(Budget.Scope(daily), Budget.Pico(4.6m), 0, Now, out _);

        tracker.EvaluateTier(Budget.Scope(daily), Now).Tier.ShouldBe(BudgetTier.Emergency);
    }

    [Fact]
    public void EvaluateTier_AbsoluteThresholdsOfTheBudget_Apply()
    {
        BudgetDefinition daily = Budget.Usd("daily", 100) with { CheapBelow = new BudgetThreshold(10, false), EmergencyBelow = new BudgetThreshold(1, false) };
        BudgetTracker tracker = Budget.Tracker(_time);
        tracker.Apply([daily]);

        tracker.Charge(Budget.Scope(daily), Budget.Pico(85), 0, Now);
        tracker.EvaluateTier(Budget.Scope(daily), Now).Tier.ShouldBe(BudgetTier.Any);
        tracker.Charge(Budget.Scope(daily), Budget.Pico(6), 0, Now);
        tracker.EvaluateTier(Budget.Scope(daily), Now).Tier.ShouldBe(BudgetTier.Cheap);
        tracker.Charge(Budget.Scope(daily), Budget.Pico(8.5m), 0, Now);
        tracker.EvaluateTier(Budget.Scope(daily), Now).Tier.ShouldBe(BudgetTier.Emergency);
    }

    [Fact]
    public void EvaluateTier_TheMostSevereBudgetWins()
    {
        BudgetDefinition global = Budget.Usd("global", 100);
        BudgetDefinition project = Budget.Usd("alpha", 1, scope: BudgetScope.Project, match: "alpha");
        BudgetTracker tracker = Budget.Tracker(_time);
        tracker.Apply([global, project]);
        tracker.Charge(Budget.Scope(global, project), Budget.Pico(0.7m), 0, Now);

        TierDecision decision = tracker.EvaluateTier(Budget.Scope(global, project), Now);

        decision.Tier.ShouldBe(BudgetTier.Cheap);
        decision.Budget.ShouldBe("alpha");
    }

    [Fact]
    public void Reservation_LeaseRunsOut_TheBudgetIsGivenBack()
    {
        BudgetDefinition daily = Budget.Usd("daily", 1);
        BudgetTracker tracker = Budget.Tracker(_time, options: new BudgetOptions { TimeZone = "UTC", ReservationLeaseSeconds = 60 });
        tracker.Apply([daily]);
        BudgetReservation stuck = tracker.TryReserve(Budget.Scope(daily), Budget.Pico(1), 0, Now, out _)!;
        tracker.TryReserve(Budget.Scope(daily), 1, 0, Now, out _).ShouldBeNull();

        _time.Advance(TimeSpan.FromSeconds(59));
        tracker.TryReserve(Budget.Scope(daily), 1, 0, Now, out _).ShouldBeNull();
        _time.Advance(TimeSpan.FromSeconds(1));
        BudgetReservation? next = tracker.TryReserve(Budget.Scope(daily), Budget.Pico(0.5m), 0, Now, out _);

        next.ShouldNotBeNull();
        stuck.Expired.ShouldBeTrue();
        tracker.ActiveReservations.ShouldBe(1);
        tracker.Status().Single().Reserved.ShouldBe(0.5m);
    }

    [Fact]
    public void Settle_AfterTheLeaseExpired_ChargesTheCostWithoutReleasingTwice()
    {
        BudgetDefinition daily = Budget.Usd("daily", 1);
        BudgetTracker tracker = Budget.Tracker(_time, options: new BudgetOptions { TimeZone = "UTC", ReservationLeaseSeconds = 60 });
        tracker.Apply([daily]);
        BudgetReservation late = tracker.TryReserve(Budget.Scope(daily), Budget.Pico(0.5m), 0, Now, out _)!;
        _time.Advance(TimeSpan.FromMinutes(2));
        tracker.SweepExpired().ShouldBe(1);
        BudgetReservation other = tracker.TryReserve(Budget.Scope(daily), Budget.Pico(0.25m), 0, Now, out _)!;

        tracker.Settle(late, Budget.Pico(0.1m), 0);

        BudgetStatus status = tracker.Status().Single();
        status.Spent.ShouldBe(0.1m);
        status.Reserved.ShouldBe(0.25m);
        tracker.Settle(other, 0, 0);
        tracker.Status().Single().Reserved.ShouldBe(0);
    }

    [Fact]
    public void NewDay_StartsFromZero()
    {
        BudgetDefinition daily = Budget.Usd("daily", 1);
        BudgetTracker tracker = Budget.Tracker(_time);
        tracker.Apply([daily]);
        tracker.Charge(Budget.Scope(daily), Budget.Pico(0.9m), 0, Now);

        _time.Advance(TimeSpan.FromHours(12));

        tracker.TryReserve(Budget.Scope(daily), Budget.Pico(0.95m), 0, Now, out BudgetRefusal? refusal).ShouldNotBeNull();
        refusal.ShouldBeNull();
        BudgetStatus status = tracker.Status().Single();
        status.Spent.ShouldBe(0);
        status.WindowStart.ShouldBe(new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public void Apply_RebuildsTheCurrentWindowsSpendFromTheLedger()
    {
        var spend = new FakeSpendStore();
        spend.Spend["daily"] = new() { [""] = Budget.Pico(4.2m) };
        BudgetDefinition daily = Budget.Usd("daily", 5);
        BudgetTracker tracker = Budget.Tracker(_time, spend);

        tracker.Apply([daily]);

        // The budgets its shares derive (per project, per project and agent) are read too.
        spend.Queries.Select(q => q.Budget).ShouldBe(["daily", "daily/share:project", "daily/share:agent"]);
        spend.Queries.First().ShouldBe(("daily", new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero), (DateTimeOffset?)new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero)));
        tracker.Status().Single().Spent.ShouldBe(4.2m);
        tracker.TryReserve(Budget.Scope(daily), Budget.Pico(0.81m), 0, Now, out _).ShouldBeNull();
    }

    [Fact]
    public void Apply_SameBudgetWithANewLimit_KeepsSpendWithoutRereadingTheLedger()
    {
        var spend = new FakeSpendStore();
        BudgetDefinition daily = Budget.Usd("daily", 5);
        BudgetTracker tracker = Budget.Tracker(_time, spend);
        tracker.Apply([daily]);
        tracker.Charge(Budget.Scope(daily), Budget.Pico(3), 0, Now);
        BudgetReservation r = tracker.TryReserve(Budget.Scope(daily), Budget.Pico(1), 0, Now, out _)!;

        tracker.Apply([daily with { Limit = 10 }]);

        spend.Queries.Count(q => q.Budget == "daily").ShouldBe(1);
        BudgetStatus status = tracker.Status().Single();
        (status.Limit, status.Spent, status.Reserved).ShouldBe((10m, 3m, 1m));
        tracker.Settle(r, 0, 0);
        tracker.Status().Single().Reserved.ShouldBe(0);
    }

    [Fact]
    public void PerValueBudget_EachValueHasItsOwn()
    {
        BudgetDefinition perUser = Budget.Usd("per-user", 1, scope: BudgetScope.User, match: "*");
        BudgetTracker tracker = Budget.Tracker(_time);
        tracker.Apply([perUser]);
        List<BudgetScopeEntry> alice = tracker.Resolve(new Attribution { User = "alice" });
        List<BudgetScopeEntry> bob = tracker.Resolve(new Attribution { User = "bob" });

        tracker.TryReserve(alice, Budget.Pico(1), 0, Now, out _).ShouldNotBeNull();
        tracker.TryReserve(alice, 1, 0, Now, out _).ShouldBeNull();
        tracker.TryReserve(bob, Budget.Pico(1), 0, Now, out _).ShouldNotBeNull();

        tracker.Status().Select(s => s.Value).ShouldBe(["alice", "bob"]);
        tracker.Resolve(new Attribution()).ShouldBeEmpty();
    }

    [Fact]
    public void Resolve_TagBudgets_MatchEveryTagOfTheCall()
    {
        BudgetDefinition ci = Budget.Usd("ci", 1, scope: BudgetScope.Tag, match: "ci");
        BudgetDefinition perTag = Budget.Usd("per-tag", 1, scope: BudgetScope.Tag, match: "*");
        BudgetTracker tracker = Budget.Tracker(_time);
        tracker.Apply([ci, perTag]);

        List<BudgetScopeEntry> scope = tracker.Resolve(new Attribution { Tags = ["ci", "nightly"] });

        scope.Select(e => (e.Definition.Name, e.Value)).ShouldBe([("ci", "ci"), ("per-tag", "ci"), ("per-tag", "nightly")]);
    }

    [Fact]
    public void Alerts_EachLevelFiresOncePerWindow()
    {
        var sink = new RecordingAlertSink();
        BudgetDefinition daily = Budget.Usd("daily", 10);
        BudgetTracker tracker = Budget.Tracker(_time, sink: sink);
        tracker.Apply([daily]);

        tracker.Charge(Budget.Scope(daily), Budget.Pico(4.99m), 0, Now);
        sink.Alerts.ShouldBeEmpty();
        tracker.Charge(Budget.Scope(daily), Budget.Pico(3.01m), 0, Now); // 80 %: 50, 70 and 80 fire
        tracker.Charge(Budget.Scope(daily), Budget.Pico(0.5m), 0, Now);  // 85 %: nothing new
        tracker.Charge(Budget.Scope(daily), Budget.Pico(1.5m), 0, Now);  // 100 %

        sink.Alerts.Select(a => a.Level).ShouldBe([50, 70, 80, 90, 95, 99, 100]);
        sink.Alerts.ShouldAllBe(a => a.Kind == "threshold" && a.Budget == "daily");
        sink.Alerts[2].Message.ShouldContain("reached 80%");
        sink.Alerts[2].Message.ShouldContain("$8.00 of $10.00");

        _time.Advance(TimeSpan.FromDays(1));
        tracker.Charge(Budget.Scope(daily), Budget.Pico(6), 0, Now);
        sink.Alerts.Count.ShouldBe(8); // 60 % of the new day: 50 again
        sink.Alerts[^1].WindowStart.ShouldBe(new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public void Alerts_ARefusalFiresTheHundredPercentAlertOnce()
    {
        var sink = new RecordingAlertSink();
        BudgetDefinition daily = Budget.Usd("daily", 1);
        BudgetTracker tracker = Budget.Tracker(_time, sink: sink);
        tracker.Apply([daily]);
        tracker.Charge(Budget.Scope(daily), Budget.Pico(0.6m), 0, Now);

        tracker.TryReserve(Budget.Scope(daily), Budget.Pico(0.5m), 0, Now, out _).ShouldBeNull();
        tracker.TryReserve(Budget.Scope(daily), Budget.Pico(0.5m), 0, Now, out _).ShouldBeNull();

        sink.Alerts.Select(a => (a.Level, a.Kind)).ShouldBe([(50, "threshold"), (100, "refused")]);
        sink.Alerts[1].Message.ShouldContain("refusing calls");
    }

    [Fact]
    public void Alerts_FiredBeforeARestart_AreNotFiredAgain()
    {
        var store = new InMemoryAlertStore();
        var spend = new FakeSpendStore();
        spend.Spend["daily"] = new() { [""] = Budget.Pico(7.5m) };
        BudgetDefinition daily = Budget.Usd("daily", 10);
        store.Append([new BudgetAlert { Budget = "daily", Level = 50, WindowStart = new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero), Message = "earlier" }]);
        var sink = new RecordingAlertSink();
        BudgetTracker tracker = Budget.Tracker(_time, spend, sink, alertStore: store);

        tracker.Apply([daily]);

        sink.Alerts.Select(a => a.Level).ShouldBe([70]);
        tracker.Status().Single().NextAlertLevel.ShouldBe(80);
    }

    [Fact]
    public void PerValueBudget_ValuesOfEndedWindowsAreForgotten()
    {
        BudgetDefinition perUser = Budget.Usd("per-user", 1, scope: BudgetScope.User, match: "*");
        BudgetTracker tracker = Budget.Tracker(_time);
        tracker.Apply([perUser]);
        for (int i = 0; i < 1000; i++)
        {
            tracker.Charge(tracker.Resolve(new Attribution { User = "yesterday-" + i }), 1, 0, Now);
        }

        _time.Advance(TimeSpan.FromDays(1));
        for (int i = 0; i < 1100; i++)
        {
            tracker.Charge(tracker.Resolve(new Attribution { User = "today-" + i }), 1, 0, Now);
        }

        IReadOnlyList<BudgetStatus> status = tracker.Status();
        status.Count.ShouldBe(1100);
        status.ShouldAllBe(s => s.Value!.StartsWith("today-"));
    }

    [Fact]
    public void TryReserve_ManyThreadsAtOnce_NeverPromiseMoreThanTheLimit()
    {
        BudgetDefinition global = Budget.Usd("global", 1);
        BudgetDefinition project = Budget.Usd("alpha", 0.5m, scope: BudgetScope.Project, match: "alpha");
        BudgetTracker tracker = Budget.Tracker(_time);
        tracker.Apply([global, project]);
        List<BudgetScopeEntry> both = Budget.Scope(global, project);
        List<BudgetScopeEntry> onlyGlobal = Budget.Scope(global);
        long cost = Budget.Pico(0.003m);
        int granted = 0;

        Parallel.For(0, 4000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            List<BudgetScopeEntry> scope = i % 2 == 0 ? both : onlyGlobal;
            if (tracker.TryReserve(scope, Budget.Pico(0.01m), 0, Now, out _) is { } r)
            {
                Interlocked.Increment(ref granted);
                tracker.Settle(r, cost, 0);
            }
        });

        BudgetStatus[] status = [.. tracker.Status()];
        status.Single(s => s.Name == "global").Spent.ShouldBeLessThanOrEqualTo(1m);
        status.Single(s => s.Name == "alpha").Spent.ShouldBeLessThanOrEqualTo(0.5m);
        status.ShouldAllBe(s => s.Reserved == 0);
        status.Single(s => s.Name == "global").Spent.ShouldBe(granted * 0.003m);
        granted.ShouldBeGreaterThan(300);
    }

    [Fact]
    public void Apply_BudgetNowCountingDifferently_KeepsTheReservationsOfCallsInFlight()
    {
        BudgetDefinition chg = Budget.Usd("chg", 1, scope: BudgetScope.Project, match: "chg");
        BudgetTracker tracker = Budget.Tracker(_time);
        tracker.Apply([chg]);
        var who = new Attribution { Project = "chg" };
        var call = new BudgetCallScope(who, default, Now);
        BudgetReservation r = tracker.TryReserve(tracker.Resolve(who), Budget.Pico(0.9m), 0, Now, out _, call)!;

        tracker.Apply([chg with { Window = BudgetWindow.Weekly }]);

        // Rebuilt from the ledger (nothing there yet), the budget still holds the call's $0.90.
        tracker.TryReserve(tracker.Resolve(who), Budget.Pico(0.2m), 0, Now, out BudgetRefusal? refusal).ShouldBeNull();
        refusal!.Reserved.ShouldBe(Budget.Pico(0.9m));
        tracker.Settle(r, Budget.Pico(0.5m), 0);
        BudgetStatus status = tracker.Status().Single();
        (status.Window, status.Spent, status.Reserved).ShouldBe(("weekly", 0.5m, 0m));
    }

    [Fact]
    public void Apply_NewBudget_HoldsTheReservationsOfTheCallsInFlightItCovers()
    {
        BudgetDefinition daily = Budget.Usd("daily", 10);
        BudgetTracker tracker = Budget.Tracker(_time);
        tracker.Apply([daily]);
        var alpha = new Attribution { Project = "alpha" };
        var beta = new Attribution { Project = "beta" };
        BudgetReservation a = tracker.TryReserve(tracker.Resolve(alpha), Budget.Pico(0.7m), 0, Now, out _, new BudgetCallScope(alpha, default, Now))!;
        tracker.TryReserve(tracker.Resolve(beta), Budget.Pico(0.4m), 0, Now, out _, new BudgetCallScope(beta, default, Now)).ShouldNotBeNull();

        tracker.Apply([daily, Budget.Usd("alpha", 1, scope: BudgetScope.Project, match: "alpha")]);

        tracker.TryReserve(tracker.Resolve(alpha), Budget.Pico(0.4m), 0, Now, out BudgetRefusal? refusal).ShouldBeNull();
        (refusal!.Budget, refusal.Reserved).ShouldBe(("alpha", Budget.Pico(0.7m)));
        tracker.Settle(a, Budget.Pico(0.6m), 0);
        tracker.Status().Single(s => s.Name == "alpha").Spent.ShouldBe(0.6m);
        tracker.Status().Single(s => s.Name == "daily").Reserved.ShouldBe(0.4m);
    }

    [Fact]
    public void Apply_CallFinishingWhileTheLedgerIsRead_IsChargedToTheRebuiltBudget()
    {
        var spend = new FakeSpendStore();
        BudgetDefinition chg = Budget.Usd("chg", 1, scope: BudgetScope.Project, match: "chg");
        BudgetTracker tracker = Budget.Tracker(_time, spend);
        tracker.Apply([chg]);
        var who = new Attribution { Project = "chg" };
        BudgetReservation r = tracker.TryReserve(tracker.Resolve(who), Budget.Pico(0.3m), 0, Now, out _, new BudgetCallScope(who, default, Now))!;
        spend.OnRead = budget =>
        {
            if (budget.Name == "chg")
            {
                tracker.Settle(r, Budget.Pico(0.25m), 0); // its ledger row is not in what is being read
            }
        };

        tracker.Apply([chg with { Window = BudgetWindow.Monthly }]);

        BudgetStatus status = tracker.Status().Single();
        (status.Spent, status.Reserved).ShouldBe((0.25m, 0m));
    }

    [Fact]
    public void Resolve_WithShares_AddsHardBudgetsOfThatShareOfEachHardGlobalOne()
    {
        BudgetDefinition global = Budget.Usd("global", 10);
        BudgetDefinition soft = Budget.Usd("soft", 10, mode: BudgetMode.Soft);
        BudgetTracker tracker = Budget.Tracker(_time);
        tracker.Apply([global, soft]);
        var who = new Attribution { Project = "acme", Agent = "coder" };

        List<BudgetScopeEntry> scope = tracker.Resolve(who, new BudgetShares(0.5m, 0.2m));

        scope.Select(e => (e.Definition.Name, e.Value, e.Share)).ShouldBe(
        [
            ("global", "", null),
            ("soft", "", null),
            ("global/share:project", "acme", 0.5m),
            ("global/share:agent", "acme/coder", 0.1m),
        ]);
        tracker.TryReserve(scope, Budget.Pico(1), 0, Now, out _, new BudgetCallScope(who, new BudgetShares(0.5m, 0.2m), Now)).ShouldNotBeNull();
        tracker.TryReserve(scope, 1, 0, Now, out BudgetRefusal? refusal).ShouldBeNull(); // $1 of the agent's $1 is held
        refusal!.Budget.ShouldBe("global/share:agent[acme/coder]");
        tracker.TryReserve(tracker.Resolve(new Attribution { Project = "acme", Agent = "other" }, new BudgetShares(0.5m, null)), Budget.Pico(4), 0, Now, out _).ShouldNotBeNull();
        BudgetStatus share = tracker.Status().Single(s => s.Name == "global/share:project");
        (share.Limit, share.Share, share.AllocatedFrom, share.Reserved).ShouldBe((5m, 0.5m, "global", 5m));
    }

    [Fact]
    public void Settle_UnknownCostUnderASoftBudget_CountsAnUnpricedCallNotZeroDollars()
    {
        var spend = new FakeSpendStore();
        spend.Unpriced["soft"] = new() { [""] = 3 };
        BudgetDefinition soft = Budget.Usd("soft", 5, mode: BudgetMode.Soft);
        BudgetTracker tracker = Budget.Tracker(_time, spend);
        tracker.Apply([soft]);
        BudgetReservation r = tracker.TryReserve(Budget.Scope(soft), 0, 0, Now, out _)!;

        tracker.Settle(r, null, 120);
        tracker.Charge(Budget.Scope(soft), null, 40, Now);

        BudgetStatus status = tracker.Status().Single();
        (status.Spent, status.UnpricedCalls).ShouldBe((0m, 5L)); // three in the ledger, two since
    }
}
