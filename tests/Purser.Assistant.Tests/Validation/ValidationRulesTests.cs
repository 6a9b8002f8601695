using Purser.Assistant.Validation;

namespace Purser.Assistant.Tests.Validation;

public sealed class ValidationRulesTests
{
    [Fact]
    public void Rules_HaveUniqueIdsAndBelongToTheSevenChecks()
    {
        ValidationRules.All.Select(r => r.Id).ShouldBeUnique();
        ValidationRules.All.ShouldAllBe(r => ValidationChecks.Deterministic.Contains(r.Check));
        ValidationChecks.Deterministic.ShouldAllBe(c => ValidationRules.All.Any(r => r.Check == c));
    }

    [Fact]
    public void GenerationDoc_ListsEveryRule()
    {
        string? folder = AppContext.BaseDirectory;
        while (folder is not null && !File.Exists(Path.Combine(folder, "Purser.slnx")))
        {
            folder = Path.GetDirectoryName(folder);
        }

        string doc = File.ReadAllText(Path.Combine(folder.ShouldNotBeNull(), "docs", "GENERATION.md"));

        foreach (ValidationRule rule in ValidationRules.All)
        {
            doc.ShouldContain($"| `{rule.Id}` | {rule.Check} | {rule.Severity} | `{rule.Name}` |");
        }
    }

    [Theory]
    [InlineData(new[] { 100, 100, 100, 100, 100, 100, 100 }, 100)]
    [InlineData(new[] { 100, 60, 100, 100, 100, 100, 100 }, 90)]
    [InlineData(new[] { 100, 100, 85, 100, 70, 100, 100 }, 94)]
    public void Overall_IsTheWeightedMeanOfTheChecksThatRan(int[] scores, int expected)
    {
        CheckResult[] checks = [.. ValidationChecks.Deterministic.Select((c, i) => new CheckResult(c, CheckStatus.Checked, scores[i], "", []))];

        ValidationScoring.Overall(checks).ShouldBe(expected);
    }

    [Fact]
    public void Overall_LeavesOutChecksThatDidNotRun_AndIsNullWhenNoneRan()
    {
        CheckResult[] checks =
        [
            new(ValidationChecks.Syntax, CheckStatus.NotChecked, null, "no python3", []),
            new(ValidationChecks.Security, CheckStatus.Checked, 60, "", []),
            new(ValidationChecks.Imports, CheckStatus.Checked, 100, "", []),
        ];

        ValidationScoring.Overall(checks).ShouldBe(67); // (25 × 60 + 5 × 100) / 30
        ValidationScoring.Overall([new CheckResult(ValidationChecks.Syntax, CheckStatus.NotChecked, null, "", [])]).ShouldBeNull();
    }

    [Fact]
    public void Overall_ASyntaxOrErrorSecurityFinding_CapsAtFifty()
    {
        var finding = new ValidationFinding(3, "SEC001", ValidationChecks.Security, "error", "eval");
        CheckResult[] checks = [.. ValidationChecks.Deterministic.Select(c => new CheckResult(c, CheckStatus.Checked, 100, "", c == ValidationChecks.Security ? [finding] : []))];

        ValidationScoring.Overall(checks).ShouldBe(ValidationScoring.BlockingCap);
    }
}
