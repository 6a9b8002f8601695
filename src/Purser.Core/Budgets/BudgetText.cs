using System.Globalization;

namespace Purser.Budgets;

/// <summary>The wording of refusals and alerts.</summary>
internal static class BudgetText
{
    public static string Reset(DateTimeOffset? resetsAt, TimeZoneInfo zone)
    {
        if (resetsAt is not DateTimeOffset at)
        {
            return "it never resets (a total budget)";
        }

        DateTimeOffset local = TimeZoneInfo.ConvertTime(at, zone);
        return string.Create(CultureInfo.InvariantCulture, $"it resets at {local:yyyy-MM-dd HH:mm} {zone.Id} ({at.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ})");
    }

    public static string Refusal(BudgetRefusal r, TimeZoneInfo zone) =>
        $"Budget '{r.Budget}' ({r.ScopeText}, {r.Window.ToString().ToLowerInvariant()}) has no room for this call: " +
        $"spent {BudgetAmounts.Format(r.Spent, r.Unit)} of {BudgetAmounts.Format(r.Limit, r.Unit)}" +
        (r.Reserved > 0 ? $", {BudgetAmounts.Format(r.Reserved, r.Unit)} held by calls in flight" : "") +
        $", and this call could cost up to {BudgetAmounts.Format(r.Needed, r.Unit)}; {Reset(r.ResetsAt, zone)}.";

    public static string Threshold(BudgetCounter c, int level, TimeZoneInfo zone) =>
        $"Budget '{c.DisplayName}' ({c.Definition.ScopeText}, {c.Definition.Window.ToString().ToLowerInvariant()}) reached {level}%: " +
        $"{BudgetAmounts.Format(c.Spent, c.Unit)} of {BudgetAmounts.Format(c.Limit, c.Unit)} spent; {Reset(c.Period.End, zone)}.";

    public static string Refused(BudgetCounter c, long needed, TimeZoneInfo zone) =>
        $"Budget '{c.DisplayName}' ({c.Definition.ScopeText}, {c.Definition.Window.ToString().ToLowerInvariant()}) is refusing calls: " +
        $"{BudgetAmounts.Format(c.Spent, c.Unit)} of {BudgetAmounts.Format(c.Limit, c.Unit)} spent, {BudgetAmounts.Format(Math.Max(0, c.Reserved), c.Unit)} held by calls in flight, " +
        $"a call needed up to {BudgetAmounts.Format(needed, c.Unit)}; {Reset(c.Period.End, zone)}.";
}
