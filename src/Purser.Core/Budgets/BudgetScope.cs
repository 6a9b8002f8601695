namespace Purser.Budgets;

/// <summary>What a budget is charged for: every call, or the calls of one project, agent, virtual key, user or tag.</summary>
internal enum BudgetScope
{
    Global,
    Project,
    Agent,
    Key,
    User,
    Tag,
}
