using Purser.Budgets;

namespace Purser.Core.Tests.Budgets;

public sealed class BudgetDefinitionParserTests
{
    private static (BudgetDefinition? Definition, List<string> Errors) Parse(BudgetItemOptions item, string name = "b")
    {
        var errors = new List<string>();
        return (BudgetDefinitionParser.Parse(name, item, $"Purser:Budgets:Items:{name}", BudgetSource.Configuration, errors), errors);
    }

    [Fact]
    public void Parse_Defaults_AreAHardGlobalDailyDollarBudget()
    {
        var (d, errors) = Parse(new BudgetItemOptions { Limit = 5 });

        errors.ShouldBeEmpty();
        (d!.Scope, d.Window, d.Unit, d.Mode, d.Limit, d.LimitUnits).ShouldBe((BudgetScope.Global, BudgetWindow.Daily, BudgetUnit.Usd, BudgetMode.Hard, 5m, 5_000_000_000_000L));
    }

    [Theory]
    [InlineData("lite", 200_000)]
    [InlineData("pro", 500_000)]
    [InlineData("Business", 4_000_000)]
    public void Parse_Plan_IsAMonthlyTokenBudget(string plan, long tokens)
    {
        var (d, errors) = Parse(new BudgetItemOptions { Plan = plan, Scope = "key", Match = "*" });

        errors.ShouldBeEmpty();
        (d!.Unit, d.Window, d.Limit).ShouldBe((BudgetUnit.Tokens, BudgetWindow.Monthly, (decimal)tokens));
    }

    [Theory]
    [InlineData("weekly", "tokens", null, null, "Purser:Budgets:Items:b:Scope 'weekly' is not one of")]
    [InlineData(null, null, "hourly", null, "Purser:Budgets:Items:b:Window 'hourly' is not one of")]
    [InlineData("project", null, null, null, "Purser:Budgets:Items:b:Match is required for a project budget")]
    [InlineData(null, "x", null, null, "Purser:Budgets:Items:b:Match is not used by a global budget")]
    [InlineData(null, null, null, "gold", "Purser:Budgets:Items:b:Plan 'gold' is not a plan")]
    public void Parse_Mistakes_NameTheKey(string? scope, string? match, string? window, string? plan, string expected)
    {
        var (d, errors) = Parse(new BudgetItemOptions { Scope = scope, Match = match, Window = window, Plan = plan, Limit = plan is null ? 5 : null });

        d.ShouldBeNull();
        errors.ShouldContain(e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_MissingLimit_FractionalTokens_BadThreshold_AreErrors()
    {
        Parse(new BudgetItemOptions()).Errors.ShouldContain(e => e.Contains(":Limit is required", StringComparison.Ordinal));
        Parse(new BudgetItemOptions { Limit = 1.5m, Unit = "tokens" }).Errors.ShouldContain(e => e.Contains("whole number of tokens", StringComparison.Ordinal));
        Parse(new BudgetItemOptions { Limit = 5, CheapBelow = "lots" }).Errors.ShouldContain(e => e.StartsWith("Purser:Budgets:Items:b:CheapBelow 'lots'", StringComparison.Ordinal));
        Parse(new BudgetItemOptions { Limit = 5, Alerts = [0, 50] }).Errors.ShouldContain(e => e.StartsWith("Purser:Budgets:Items:b:Alerts", StringComparison.Ordinal));
        Parse(new BudgetItemOptions { Limit = 5 }, "no spaces").Errors.ShouldContain(e => e.Contains("a budget name", StringComparison.Ordinal));
        Parse(new BudgetItemOptions { Limit = 2_000_000 }).Errors.ShouldContain(e => e.Contains("1,000,000 dollars", StringComparison.Ordinal));
    }

    [Fact]
    public void ValidateSet_ChildrenMustNameADynamicParentOfTheirUnitAndWindow()
    {
        BudgetDefinition team = new() { Name = "team", Limit = 100, Window = BudgetWindow.Monthly, Allocation = BudgetAllocation.Dynamic };
        BudgetDefinition fixedParent = new() { Name = "fixed", Limit = 100 };
        BudgetDefinition[] set =
        [
            team,
            fixedParent,
            new() { Name = "a", Scope = BudgetScope.Project, Match = "a", Window = BudgetWindow.Monthly, Parent = "team" },
            new() { Name = "b", Scope = BudgetScope.Project, Match = "b", Window = BudgetWindow.Daily, Parent = "team" },
            new() { Name = "c", Scope = BudgetScope.Project, Match = "c", Parent = "fixed" },
            new() { Name = "d", Scope = BudgetScope.Project, Match = "d", Parent = "missing" },
        ];
        var errors = new List<string>();

        BudgetDefinitionParser.ValidateSet(set, x => x.Name, errors);

        errors.ShouldNotContain(e => e.StartsWith("a", StringComparison.Ordinal));
        errors.ShouldContain(e => e.StartsWith("b: a child budget must count in its parent's unit and window", StringComparison.Ordinal));
        errors.ShouldContain(e => e.StartsWith("c:Parent 'fixed' does not allocate", StringComparison.Ordinal));
        errors.ShouldContain(e => e.StartsWith("d:Parent 'missing' is not a budget", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("40%", 40, true)]
    [InlineData("2", 2, false)]
    [InlineData("$0.50", 0.5, false)]
    [InlineData(" 12.5 % ", 12.5, true)]
    public void Threshold_Parses(string text, double value, bool percent)
    {
        BudgetThreshold.TryParse(text, out BudgetThreshold t).ShouldBeTrue();
        t.ShouldBe(new BudgetThreshold((decimal)value, percent));
    }

    [Theory]
    [InlineData("")]
    [InlineData("-1")]
    [InlineData("150%")]
    [InlineData("abc")]
    public void Threshold_Rejects(string text) => BudgetThreshold.TryParse(text, out _).ShouldBeFalse();

    [Fact]
    public void Threshold_ToUnits_PercentOfTheLimitOrAnAmount()
    {
        new BudgetThreshold(40, true).ToUnits(5_000_000_000_000, BudgetUnit.Usd).ShouldBe(2_000_000_000_000);
        new BudgetThreshold(0.5m, false).ToUnits(5_000_000_000_000, BudgetUnit.Usd).ShouldBe(500_000_000_000);
        new BudgetThreshold(10, true).ToUnits(200_000, BudgetUnit.Tokens).ShouldBe(20_000);
    }
}
