namespace Purser.Budgets;

/// <summary>A budget's definition as the API and <c>purser budget list --json</c> show it.</summary>
internal sealed record BudgetView
{
    public required string Name { get; init; }

    /// <summary>configuration or store.</summary>
    public required string Source { get; init; }

    public required string Scope { get; init; }

    public string? Match { get; init; }

    public required string Window { get; init; }

    public required string Unit { get; init; }

    public decimal Limit { get; init; }

    public string? Plan { get; init; }

    public required string Mode { get; init; }

    public string? Parent { get; init; }

    public required string Allocation { get; init; }

    public string? CheapBelow { get; init; }

    public string? EmergencyBelow { get; init; }

    public IReadOnlyList<int>? Alerts { get; init; }

    public static BudgetView Of(BudgetDefinition d) => new()
    {
        Name = d.Name,
        Source = d.Source == BudgetSource.Configuration ? "configuration" : "store",
        Scope = d.Scope.ToString().ToLowerInvariant(),
        Match = d.Match,
        Window = d.Window.ToString().ToLowerInvariant(),
        Unit = d.Unit.Name(),
        Limit = d.Limit,
        Plan = d.Plan,
        Mode = d.Mode.ToString().ToLowerInvariant(),
        Parent = d.Parent,
        Allocation = d.Allocation.ToString().ToLowerInvariant(),
        CheapBelow = d.CheapBelow?.ToString(),
        EmergencyBelow = d.EmergencyBelow?.ToString(),
        Alerts = d.Alerts,
    };
}
