namespace Purser.Budgets;

/// <summary>
/// Calendar windows in a time zone: a day is local midnight to local midnight (23 or 25 hours across a DST change),
/// a week starts at local midnight of its first day, a month at local midnight of the 1st. Where local midnight does
/// not exist (a DST gap at midnight) the day starts at the first instant after the gap; where it happens twice, at
/// the first.
/// </summary>
internal static class BudgetWindows
{
    /// <summary>The window of <paramref name="window"/> that holds <paramref name="instant"/>.</summary>
    public static BudgetPeriod PeriodOf(BudgetWindow window, DateTimeOffset instant, TimeZoneInfo zone, DayOfWeek weekStart = DayOfWeek.Monday)
    {
        if (window == BudgetWindow.Total)
        {
            return BudgetPeriod.Forever;
        }

        DateTime local = TimeZoneInfo.ConvertTime(instant, zone).DateTime;
        DateOnly day = DateOnly.FromDateTime(local);
        (DateOnly first, DateOnly next) = window switch
        {
            BudgetWindow.Daily => (day, day.AddDays(1)),
            BudgetWindow.Weekly => WeekOf(day, weekStart),
            _ => (new DateOnly(day.Year, day.Month, 1), new DateOnly(day.Year, day.Month, 1).AddMonths(1)),
        };

        var period = new BudgetPeriod(StartOfDay(first, zone), StartOfDay(next, zone));

        // A clock that falls back across midnight shows the previous day's date again after this day began: the
        // windows stay contiguous, so such an instant belongs to the window that began at the first midnight.
        if (period.End is DateTimeOffset end && instant >= end)
        {
            return PeriodOf(window, end, zone, weekStart);
        }

        return period;
    }

    /// <summary>The first instant of local day <paramref name="day"/>.</summary>
    public static DateTimeOffset StartOfDay(DateOnly day, TimeZoneInfo zone)
    {
        DateTime midnight = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        if (zone.IsAmbiguousTime(midnight))
        {
            // Midnight happens twice: the first time is under the larger offset.
            TimeSpan offset = zone.GetAmbiguousTimeOffsets(midnight).Max();
            return new DateTimeOffset(midnight, offset).ToUniversalTime();
        }

        if (!zone.IsInvalidTime(midnight))
        {
            return new DateTimeOffset(midnight, zone.GetUtcOffset(midnight)).ToUniversalTime();
        }

        // Midnight falls in a DST gap: the day starts when the clock jumps, i.e. at midnight under the offset in
        // force before the jump (the offset a few hours earlier).
        TimeSpan before = zone.GetUtcOffset(midnight.AddHours(-6));
        DateTimeOffset jump = new DateTimeOffset(midnight, before).ToUniversalTime();
        return jump;
    }

    private static (DateOnly First, DateOnly Next) WeekOf(DateOnly day, DayOfWeek weekStart)
    {
        int back = ((int)day.DayOfWeek - (int)weekStart + 7) % 7;
        DateOnly first = day.AddDays(-back);
        return (first, first.AddDays(7));
    }
}
