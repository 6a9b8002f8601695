using Purser.Budgets;

namespace Purser.Core.Tests.Budgets;

public sealed class BudgetWindowsTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly TimeZoneInfo SaoPaulo = TimeZoneInfo.FindSystemTimeZoneById("America/Sao_Paulo");
    private static readonly TimeZoneInfo Kolkata = TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata");

    private static DateTimeOffset Utc(int y, int mo, int d, int h = 0, int mi = 0) => new(y, mo, d, h, mi, 0, TimeSpan.Zero);

    [Fact]
    public void PeriodOf_Daily_IsLocalMidnightToLocalMidnight()
    {
        // 22:30 UTC on 10 June is 00:30 on 11 June in Berlin (UTC+2 in summer).
        BudgetPeriod period = BudgetWindows.PeriodOf(BudgetWindow.Daily, Utc(2026, 6, 10, 22, 30), Berlin);

        period.Start.ShouldBe(Utc(2026, 6, 10, 22));
        period.End.ShouldBe(Utc(2026, 6, 11, 22));
    }

    [Fact]
    public void PeriodOf_Daily_HalfHourOffsetZone_StartsAtItsMidnight()
    {
        BudgetPeriod period = BudgetWindows.PeriodOf(BudgetWindow.Daily, Utc(2026, 1, 5, 18, 29), Kolkata);

        period.Start.ShouldBe(Utc(2026, 1, 4, 18, 30));
        period.End.ShouldBe(Utc(2026, 1, 5, 18, 30));
        BudgetWindows.PeriodOf(BudgetWindow.Daily, Utc(2026, 1, 5, 18, 30), Kolkata).Start.ShouldBe(Utc(2026, 1, 5, 18, 30));
    }

    [Fact]
    public void PeriodOf_InstantAtTheEnd_BelongsToTheNextWindow()
    {
        BudgetPeriod day = BudgetWindows.PeriodOf(BudgetWindow.Daily, Utc(2026, 3, 1, 12), TimeZoneInfo.Utc);

        BudgetWindows.PeriodOf(BudgetWindow.Daily, day.End!.Value, TimeZoneInfo.Utc).Start.ShouldBe(day.End.Value);
        BudgetWindows.PeriodOf(BudgetWindow.Daily, day.End.Value.AddTicks(-1), TimeZoneInfo.Utc).ShouldBe(day);
    }

    [Fact]
    public void PeriodOf_SpringForwardDay_Lasts23Hours()
    {
        // Berlin moves from 02:00 to 03:00 on 29 March 2026.
        BudgetPeriod period = BudgetWindows.PeriodOf(BudgetWindow.Daily, Utc(2026, 3, 29, 12), Berlin);

        period.Start.ShouldBe(Utc(2026, 3, 28, 23));
        period.End.ShouldBe(Utc(2026, 3, 29, 22));
        (period.End!.Value - period.Start).ShouldBe(TimeSpan.FromHours(23));
    }

    [Fact]
    public void PeriodOf_FallBackDay_Lasts25Hours()
    {
        // New York moves from 02:00 back to 01:00 on 1 November 2026.
        BudgetPeriod period = BudgetWindows.PeriodOf(BudgetWindow.Daily, Utc(2026, 11, 1, 6, 30), NewYork);

        period.Start.ShouldBe(Utc(2026, 11, 1, 4));
        period.End.ShouldBe(Utc(2026, 11, 2, 5));
        (period.End!.Value - period.Start).ShouldBe(TimeSpan.FromHours(25));
    }

    [Fact]
    public void PeriodOf_RepeatedHourOfFallBack_StaysInTheSameDay()
    {
        // 01:30 happens twice in New York on 1 November 2026 (05:30Z and 06:30Z): both are that day.
        BudgetPeriod first = BudgetWindows.PeriodOf(BudgetWindow.Daily, Utc(2026, 11, 1, 5, 30), NewYork);
        BudgetPeriod second = BudgetWindows.PeriodOf(BudgetWindow.Daily, Utc(2026, 11, 1, 6, 30), NewYork);

        first.ShouldBe(second);
    }

    [Fact]
    public void StartOfDay_MidnightInADstGap_IsTheMomentTheClockJumps()
    {
        // Sao Paulo skipped from 00:00 to 01:00 on 4 November 2018: that day began at 03:00Z (00:00 at UTC-3).
        BudgetWindows.StartOfDay(new DateOnly(2018, 11, 4), SaoPaulo).ShouldBe(Utc(2018, 11, 4, 3));
        BudgetPeriod period = BudgetWindows.PeriodOf(BudgetWindow.Daily, Utc(2018, 11, 4, 12), SaoPaulo);
        period.Start.ShouldBe(Utc(2018, 11, 4, 3));
        period.End.ShouldBe(Utc(2018, 11, 5, 2)); // UTC-2 in summer time
        BudgetWindows.PeriodOf(BudgetWindow.Daily, Utc(2018, 11, 4, 2, 59), SaoPaulo).End.ShouldBe(Utc(2018, 11, 4, 3));
    }

    [Theory]
    [InlineData(2026, 1, 31, 2026, 1, 1, 2026, 2, 1)]
    [InlineData(2024, 2, 29, 2024, 2, 1, 2024, 3, 1)]
    [InlineData(2026, 2, 28, 2026, 2, 1, 2026, 3, 1)]
    [InlineData(2026, 12, 31, 2026, 12, 1, 2027, 1, 1)]
    [InlineData(2026, 4, 30, 2026, 4, 1, 2026, 5, 1)]
    public void PeriodOf_Monthly_RunsFromTheFirstToTheFirst(int y, int m, int d, int sy, int sm, int sd, int ey, int em, int ed)
    {
        BudgetPeriod period = BudgetWindows.PeriodOf(BudgetWindow.Monthly, Utc(y, m, d, 23, 59), TimeZoneInfo.Utc);

        period.Start.ShouldBe(Utc(sy, sm, sd));
        period.End.ShouldBe(Utc(ey, em, ed));
    }

    [Fact]
    public void PeriodOf_Monthly_InAZone_UsesTheLocalMonth()
    {
        // 23:30 UTC on 31 October is already 1 November in Berlin (UTC+1 after the change back).
        BudgetPeriod period = BudgetWindows.PeriodOf(BudgetWindow.Monthly, Utc(2026, 10, 31, 23, 30), Berlin);

        period.Start.ShouldBe(Utc(2026, 10, 31, 23));
        period.End.ShouldBe(Utc(2026, 11, 30, 23));
    }

    [Fact]
    public void PeriodOf_MonthWithADstChange_EndsAtTheLocalFirst()
    {
        // March 2026 in Berlin starts at UTC+1 and ends at UTC+2.
        BudgetPeriod period = BudgetWindows.PeriodOf(BudgetWindow.Monthly, Utc(2026, 3, 15), Berlin);

        period.Start.ShouldBe(Utc(2026, 2, 28, 23));
        period.End.ShouldBe(Utc(2026, 3, 31, 22));
    }

    [Fact]
    public void PeriodOf_Weekly_StartsOnMondayByDefault()
    {
        // Sunday 22 November 2026.
        BudgetPeriod period = BudgetWindows.PeriodOf(BudgetWindow.Weekly, Utc(2026, 11, 22, 12), TimeZoneInfo.Utc);

        period.Start.ShouldBe(Utc(2026, 11, 16));
        period.End.ShouldBe(Utc(2026, 11, 23));
    }

    [Fact]
    public void PeriodOf_Weekly_CanStartOnSunday()
    {
        BudgetPeriod period = BudgetWindows.PeriodOf(BudgetWindow.Weekly, Utc(2026, 11, 22, 12), TimeZoneInfo.Utc, DayOfWeek.Sunday);

        period.Start.ShouldBe(Utc(2026, 11, 22));
        period.End.ShouldBe(Utc(2026, 11, 29));
    }

    [Fact]
    public void PeriodOf_Total_NeverEnds()
    {
        BudgetPeriod period = BudgetWindows.PeriodOf(BudgetWindow.Total, Utc(2026, 11, 22), Berlin);

        period.End.ShouldBeNull();
        period.Contains(Utc(2100, 1, 1)).ShouldBeTrue();
    }

    [Theory]
    [InlineData("Europe/Berlin")]
    [InlineData("America/New_York")]
    [InlineData("America/Sao_Paulo")]
    [InlineData("Australia/Lord_Howe")]
    [InlineData("Asia/Kolkata")]
    public void PeriodOf_Daily_WindowsTileTimeWithoutGapsOrOverlaps(string zoneId)
    {
        TimeZoneInfo zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        DateTimeOffset at = Utc(2018, 1, 1);
        BudgetPeriod period = BudgetWindows.PeriodOf(BudgetWindow.Daily, at, zone);
        for (int day = 0; day < 800; day++)
        {
            BudgetPeriod next = BudgetWindows.PeriodOf(BudgetWindow.Daily, period.End!.Value, zone);
            next.Start.ShouldBe(period.End.Value);
            (period.End.Value - period.Start).TotalHours.ShouldBeInRange(22.9, 25.1);
            BudgetWindows.PeriodOf(BudgetWindow.Daily, period.Start + ((period.End.Value - period.Start) / 2), zone).ShouldBe(period);
            period = next;
        }
    }
}
