namespace Purser.Budgets;

/// <summary>Turns <see cref="BudgetItemOptions"/> into a <see cref="BudgetDefinition"/>; every error names the key it is about.</summary>
internal static class BudgetDefinitionParser
{
    /// <summary>Longest budget name.</summary>
    public const int MaxNameLength = 64;

    /// <summary>Largest dollar limit (its pico-dollars still fit a 64-bit counter with room for spend beyond it).</summary>
    public const decimal MaxUsd = 1_000_000m;

    public const decimal MaxTokens = 1_000_000_000_000m;

    /// <param name="name">The budget's name.</param>
    /// <param name="item">What was written.</param>
    /// <param name="keyPrefix">How errors name the item, e.g. "Purser:Budgets:Items:daily" or "budget 'daily'".</param>
    /// <param name="source">Where the budget is defined.</param>
    /// <param name="errors">Receives one message per problem.</param>
    public static BudgetDefinition? Parse(string name, BudgetItemOptions item, string keyPrefix, BudgetSource source, List<string> errors)
    {
        int before = errors.Count;
        if (!IsValidName(name))
        {
            errors.Add($"{keyPrefix}: a budget name must be 1-{MaxNameLength} letters, digits, '.', '_' or '-', starting with a letter or digit.");
        }

        BudgetScope scope = ParseEnum(item.Scope, BudgetScope.Global, $"{keyPrefix}:Scope", "global | project | agent | key | user | tag", errors);
        BudgetWindow window = ParseEnum(item.Window, BudgetWindow.Daily, $"{keyPrefix}:Window", "daily | weekly | monthly | total", errors);
        BudgetUnit unit = ParseEnum(item.Unit, BudgetUnit.Usd, $"{keyPrefix}:Unit", "usd | tokens", errors);
        BudgetMode mode = ParseEnum(item.Mode, BudgetMode.Hard, $"{keyPrefix}:Mode", "hard | soft", errors);
        BudgetAllocation allocation = ParseEnum(item.Allocation, BudgetAllocation.Fixed, $"{keyPrefix}:Allocation", "fixed | dynamic", errors);

        string? match = string.IsNullOrWhiteSpace(item.Match) ? null : item.Match.Trim();
        if (scope == BudgetScope.Global && match is not null)
        {
            errors.Add($"{keyPrefix}:Match is not used by a global budget; remove it or set Scope.");
        }
        else if (scope != BudgetScope.Global && match is null)
        {
            errors.Add($"{keyPrefix}:Match is required for a {scope.ToString().ToLowerInvariant()} budget (a value, or \"*\" for a budget per value).");
        }

        decimal limit = item.Limit ?? 0;
        string? plan = string.IsNullOrWhiteSpace(item.Plan) ? null : item.Plan.Trim().ToLowerInvariant();
        if (plan is not null)
        {
            if (!BudgetPlans.TryGet(plan, out long planTokens))
            {
                errors.Add($"{keyPrefix}:Plan '{item.Plan}' is not a plan ({string.Join(" | ", BudgetPlans.Names)}).");
            }
            else
            {
                if (item.Unit is not null && unit != BudgetUnit.Tokens)
                {
                    errors.Add($"{keyPrefix}:Plan is a token budget; Unit must be tokens or left out.");
                }

                if (item.Window is not null && window != BudgetWindow.Monthly)
                {
                    errors.Add($"{keyPrefix}:Plan is a monthly budget; Window must be monthly or left out.");
                }

                if (item.Limit is not null)
                {
                    errors.Add($"{keyPrefix}: give either Limit or Plan, not both.");
                }

                unit = BudgetUnit.Tokens;
                window = BudgetWindow.Monthly;
                limit = planTokens;
            }
        }
        else if (item.Limit is null && item.Parent is null)
        {
            errors.Add($"{keyPrefix}:Limit is required (dollars, or tokens with Unit tokens), or use Plan.");
        }

        if (limit < 0 || limit > (unit == BudgetUnit.Usd ? MaxUsd : MaxTokens))
        {
            errors.Add(unit == BudgetUnit.Usd
                ? $"{keyPrefix}:Limit must be between 0 and 1,000,000 dollars."
                : $"{keyPrefix}:Limit must be between 0 and 1,000,000,000,000 tokens.");
        }
        else if (unit == BudgetUnit.Tokens && limit != decimal.Truncate(limit))
        {
            errors.Add($"{keyPrefix}:Limit must be a whole number of tokens.");
        }

        BudgetThreshold? cheap = ParseThreshold(item.CheapBelow, $"{keyPrefix}:CheapBelow", errors);
        BudgetThreshold? emergency = ParseThreshold(item.EmergencyBelow, $"{keyPrefix}:EmergencyBelow", errors);
        if (item.Alerts is { } alerts && AlertLevelsError(alerts) is { } alertError)
        {
            errors.Add($"{keyPrefix}:Alerts {alertError}");
        }

        string? parent = string.IsNullOrWhiteSpace(item.Parent) ? null : item.Parent.Trim();
        if (parent is not null && string.Equals(parent, name, StringComparison.Ordinal))
        {
            errors.Add($"{keyPrefix}:Parent cannot be the budget itself.");
        }

        if (errors.Count > before)
        {
            return null;
        }

        return new BudgetDefinition
        {
            Name = name,
            Scope = scope,
            Match = match,
            Window = window,
            Unit = unit,
            Limit = limit,
            Plan = plan,
            Mode = mode,
            Parent = parent,
            Allocation = allocation,
            CheapBelow = cheap,
            EmergencyBelow = emergency,
            Alerts = item.Alerts is null ? null : [.. item.Alerts.Distinct().Order()],
            Source = source,
        };
    }

    /// <summary>
    /// Checks what only the whole set can tell: unique names, parents that exist and allocate dynamically, children
    /// in the parent's unit and window, no limit-less budget outside a dynamic allocation.
    /// </summary>
    public static void ValidateSet(IReadOnlyCollection<BudgetDefinition> budgets, Func<BudgetDefinition, string> keyOf, List<string> errors)
    {
        var byName = new Dictionary<string, BudgetDefinition>(StringComparer.Ordinal);
        foreach (BudgetDefinition budget in budgets)
        {
            if (!byName.TryAdd(budget.Name, budget))
            {
                errors.Add($"{keyOf(budget)}: a budget named '{budget.Name}' is defined twice.");
            }
        }

        foreach (BudgetDefinition budget in budgets)
        {
            string key = keyOf(budget);
            if (budget.Parent is null)
            {
                if (budget.Limit == 0 && budget.Plan is null && budget.IsHard)
                {
                    errors.Add($"{key}:Limit is 0: a hard budget without a limit refuses every paid call. Set a limit, or make it soft.");
                }

                continue;
            }

            if (!byName.TryGetValue(budget.Parent, out BudgetDefinition? parent))
            {
                errors.Add($"{key}:Parent '{budget.Parent}' is not a budget.");
                continue;
            }

            if (parent.Allocation != BudgetAllocation.Dynamic)
            {
                errors.Add($"{key}:Parent '{parent.Name}' does not allocate its limit (set its Allocation to dynamic).");
            }

            if (parent.Unit != budget.Unit || parent.Window != budget.Window)
            {
                errors.Add($"{key}: a child budget must count in its parent's unit and window ({parent.Unit.Name()}, {parent.Window.ToString().ToLowerInvariant()}).");
            }

            if (budget.IsPerValue)
            {
                errors.Add($"{key}:Match \"*\" cannot take a share of a parent; name one value.");
            }

            if (parent.Parent is not null)
            {
                errors.Add($"{key}:Parent '{parent.Name}' has a parent itself; allocation is one level deep.");
            }
        }
    }

    public static bool IsValidName(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength || !char.IsAsciiLetterOrDigit(name[0]))
        {
            return false;
        }

        foreach (char c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Null when the levels are valid: 1-100 percent, at least one.</summary>
    public static string? AlertLevelsError(IReadOnlyList<int> levels) =>
        levels.Count == 0 ? "must list at least one level (percent)." :
        levels.Any(l => l is < 1 or > 100) ? "levels must be percentages from 1 to 100." : null;

    private static T ParseEnum<T>(string? text, T fallback, string key, string allowed, List<string> errors)
        where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        if (Enum.TryParse(text.Trim(), ignoreCase: true, out T value) && Enum.IsDefined(value) && !char.IsDigit(text.Trim()[0]))
        {
            return value;
        }

        errors.Add($"{key} '{text}' is not one of {allowed}.");
        return fallback;
    }

    private static BudgetThreshold? ParseThreshold(string? text, string key, List<string> errors)
    {
        if (text is null)
        {
            return null;
        }

        if (BudgetThreshold.TryParse(text, out BudgetThreshold threshold))
        {
            return threshold;
        }

        errors.Add($"{key} '{text}' must be a percentage of the limit (\"40%\") or an amount (\"2\").");
        return null;
    }
}
