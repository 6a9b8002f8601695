namespace Purser.Budgets;

internal enum BudgetChangeOutcome
{
    Done,

    /// <summary>The budget is not valid (or would make the set invalid).</summary>
    Invalid,

    /// <summary>The budget is defined in configuration and can only be changed there.</summary>
    Conflict,

    NotFound,
}
