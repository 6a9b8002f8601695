using Purser.Alerts;

namespace Purser.Budgets;

/// <summary>
/// The alert levels of budgets (a budget's own, else Purser:Alerts:Levels) and the alerts a counter crossing one
/// raises. Reads and marks a counter's fired levels: call it under the tracker's lock, and publish what it collects
/// after leaving it.
/// </summary>
internal sealed class BudgetAlertLevels(AlertOptions options, TimeZoneInfo zone)
{
    private readonly IReadOnlyList<int> _defaultLevels = [.. options.Levels.Distinct().Order()];

    /// <summary>A budget's levels, in percent of its limit, ascending.</summary>
    public IReadOnlyList<int> Of(BudgetDefinition definition) => definition.Alerts ?? _defaultLevels;

    /// <summary>The next level a counter has not fired and not yet passed; null when none is left.</summary>
    public int? Next(BudgetCounter counter, decimal percent) =>
        Of(counter.Definition).Where(l => !counter.Fired.Contains(l) && l > percent).Cast<int?>().FirstOrDefault();

    /// <summary>Adds an alert for each level the counter's spend has reached and that has not fired in its window.</summary>
    public void Check(BudgetCounter counter, DateTimeOffset now, ref List<BudgetAlert>? alerts)
    {
        if (counter.Limit <= 0)
        {
            return;
        }

        decimal percent = counter.Spent * 100m / counter.Limit;
        foreach (int level in Of(counter.Definition))
        {
            if (percent >= level && counter.Fired.Add(level))
            {
                (alerts ??= []).Add(Alert(counter, level, "threshold", BudgetText.Threshold(counter, level, zone), now));
            }
        }
    }

    /// <summary>A hard budget refused a call: the 100% level fires (once per window) when the budget has it.</summary>
    public void Refused(BudgetCounter counter, long needed, DateTimeOffset now, ref List<BudgetAlert>? alerts)
    {
        if (Of(counter.Definition).Contains(100) && counter.Fired.Add(100))
        {
            (alerts ??= []).Add(Alert(counter, 100, "refused", BudgetText.Refused(counter, needed, zone), now));
        }
    }

    private static BudgetAlert Alert(BudgetCounter counter, int level, string kind, string message, DateTimeOffset now) => new()
    {
        Timestamp = now,
        Budget = counter.Definition.Name,
        Value = counter.Value,
        Scope = counter.Definition.ScopeText,
        Window = counter.Definition.Window.ToString().ToLowerInvariant(),
        WindowStart = counter.Period.Start,
        ResetsAt = counter.Period.End,
        Level = level,
        Unit = counter.Unit.Name(),
        Spent = BudgetAmounts.FromUnits(counter.Spent, counter.Unit),
        Limit = BudgetAmounts.FromUnits(counter.Limit, counter.Unit),
        Percent = counter.Limit > 0 ? Math.Round(counter.Spent * 100m / counter.Limit, 2) : 100,
        Kind = kind,
        Message = message,
    };
}
