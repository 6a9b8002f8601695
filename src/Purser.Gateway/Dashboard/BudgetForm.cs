using System.Globalization;
using Purser.Budgets;

namespace Purser.Gateway.Dashboard;

/// <summary>The budget form's fields, as text; turned into the same <see cref="BudgetItemOptions"/> <c>purser budget set</c> sends.</summary>
public sealed class BudgetForm
{
    public string? Name { get; set; }

    public string? Scope { get; set; }

    public string? Match { get; set; }

    public string? Window { get; set; }

    public string? Unit { get; set; }

    public string? Limit { get; set; }

    public string? Plan { get; set; }

    public string? Mode { get; set; }

    public string? Parent { get; set; }

    public string? Allocation { get; set; }

    public string? CheapBelow { get; set; }

    public string? EmergencyBelow { get; set; }

    public string? Alerts { get; set; }

    internal static BudgetForm From(BudgetView view) => new()
    {
        Name = view.Name,
        Scope = view.Scope,
        Match = view.Match,
        Window = view.Window,
        Unit = view.Unit,
        Limit = view.Plan is null && view.Limit > 0 ? view.Limit.ToString(CultureInfo.InvariantCulture) : null,
        Plan = view.Plan,
        Mode = view.Mode,
        Parent = view.Parent,
        Allocation = view.Allocation,
        CheapBelow = view.CheapBelow,
        EmergencyBelow = view.EmergencyBelow,
        Alerts = view.Alerts is { } levels ? string.Join(",", levels) : null,
    };

    /// <summary>The options to set, or the fields that are not numbers.</summary>
    public (BudgetItemOptions? Item, List<string> Errors) ToOptions()
    {
        var errors = new List<string>();
        decimal? limit = null;
        if (Blank(Limit) is { } limitText)
        {
            if (decimal.TryParse(limitText.TrimStart('$').Replace(",", "", StringComparison.Ordinal), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal parsed))
            {
                limit = parsed;
            }
            else
            {
                errors.Add($"The limit '{limitText}' is not a number.");
            }
        }

        List<int>? levels = null;
        if (Blank(Alerts) is { } alertText)
        {
            levels = [];
            foreach (string part in alertText.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (int.TryParse(part.TrimEnd('%'), NumberStyles.None, CultureInfo.InvariantCulture, out int level))
                {
                    levels.Add(level);
                }
                else
                {
                    errors.Add($"The alert level '{part}' is not a percentage.");
                }
            }
        }

        if (Blank(Name) is null)
        {
            errors.Add("A budget needs a name.");
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        return (new BudgetItemOptions
        {
            Scope = Blank(Scope),
            Match = Blank(Match),
            Window = Blank(Window),
            Unit = Blank(Unit),
            Limit = limit,
            Plan = Blank(Plan),
            Mode = Blank(Mode),
            Parent = Blank(Parent),
            Allocation = Blank(Allocation),
            CheapBelow = Blank(CheapBelow),
            EmergencyBelow = Blank(EmergencyBelow),
            Alerts = levels,
        }, errors);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
