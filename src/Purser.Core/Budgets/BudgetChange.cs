namespace Purser.Budgets;

/// <summary>The outcome of setting or removing a budget.</summary>
internal sealed record BudgetChange(BudgetChangeOutcome Outcome, BudgetDefinition? Definition, IReadOnlyList<string> Errors)
{
    public static BudgetChange Failed(BudgetChangeOutcome outcome, params string[] errors) => new(outcome, null, errors);
}
