namespace Purser.Budgets;

/// <summary>
/// One budget as written in configuration (<c>Purser:Budgets:Items:&lt;name&gt;</c>), in the PUT /api/budgets body and by
/// <c>purser budget set</c>. Turned into a <see cref="BudgetDefinition"/> by <see cref="BudgetDefinitionParser"/>.
/// </summary>
public sealed class BudgetItemOptions
{
    /// <summary>global (default), project, agent, key, user or tag.</summary>
    public string? Scope { get; set; }

    /// <summary>The project / agent / key id / user / tag the budget is for; "*" gives every value its own budget. Unused for global.</summary>
    public string? Match { get; set; }

    /// <summary>daily (default), weekly, monthly or total.</summary>
    public string? Window { get; set; }

    /// <summary>usd (default) or tokens.</summary>
    public string? Unit { get; set; }

    /// <summary>The limit, in dollars or tokens. Optional for a plan and for the child of a dynamic parent.</summary>
    public decimal? Limit { get; set; }

    /// <summary>A token plan preset: lite (200K), pro (500K) or business (4M) tokens a month.</summary>
    public string? Plan { get; set; }

    /// <summary>hard (default) or soft.</summary>
    public string? Mode { get; set; }

    /// <summary>The parent budget whose limit a dynamic allocation shares out.</summary>
    public string? Parent { get; set; }

    /// <summary>fixed (default) or dynamic: split this budget among its children by recent usage.</summary>
    public string? Allocation { get; set; }

    /// <summary>Tier threshold for cheap models only ("40%" or an amount); default Purser:Budgets:Tiers:CheapBelow.</summary>
    public string? CheapBelow { get; set; }

    /// <summary>Tier threshold for emergency mode; default Purser:Budgets:Tiers:EmergencyBelow.</summary>
    public string? EmergencyBelow { get; set; }

    /// <summary>Alert levels in percent; default Purser:Alerts:Levels.</summary>
    public List<int>? Alerts { get; set; }
}
