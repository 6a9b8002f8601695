using System.Globalization;

namespace Purser.Budgets;

/// <summary>
/// The shares of each global budget a call may use, from the routing cascade (<c>budgetShare</c>): its project's share
/// of the global budget, and its agent's share of the project's. Null means the whole. A share is enforced as a derived
/// hard budget per project (and per project and agent) with that fraction of the global limit, counting the calls of
/// that project (and agent) in the global budget's window.
/// </summary>
internal readonly record struct BudgetShares(decimal? Project, decimal? Agent)
{
    /// <summary>Whether any share is less than the whole.</summary>
    public bool Any => Project is < 1 || Agent is < 1;

    /// <summary>The budgets derived from <paramref name="global"/> (a hard budget of global scope): per project, per project and agent.</summary>
    internal static (BudgetDefinition Project, BudgetDefinition Agent) Derive(BudgetDefinition global)
    {
        BudgetDefinition project = global with
        {
            Name = global.Name + "/share:project",
            Scope = BudgetScope.Project,
            Match = BudgetDefinition.EachValue,
            Plan = null,
            Parent = null,
            Allocation = BudgetAllocation.Fixed,
            Alerts = [],
            Source = BudgetSource.Derived,
            ShareOf = global.Name,
        };
        return (project, project with { Name = global.Name + "/share:agent", Scope = BudgetScope.Agent });
    }

    /// <summary>The value of the agent-level derived budget: "project/agent".</summary>
    internal static string AgentValue(string? project, string? agent) => (project ?? "") + "/" + (agent ?? "");

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"project {Project ?? 1m}, agent {Agent ?? 1m}");
}
