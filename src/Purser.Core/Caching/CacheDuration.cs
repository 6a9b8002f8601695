using System.Globalization;

namespace Purser.Caching;

/// <summary>
/// Durations as people write them in configuration, headers and CLI options: <c>90d</c>, <c>24h</c>, <c>30m</c>,
/// <c>45s</c>, a plain number of seconds (<c>3600</c>), or a .NET TimeSpan (<c>1.00:00:00</c>).
/// </summary>
internal static class CacheDuration
{
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        string s = text.Trim();
        if (long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out long seconds))
        {
            return TryFrom(seconds, TimeSpan.TicksPerSecond, out duration);
        }

        long unit = char.ToLowerInvariant(s[^1]) switch
        {
            'd' => TimeSpan.TicksPerDay,
            'h' => TimeSpan.TicksPerHour,
            'm' => TimeSpan.TicksPerMinute,
            's' => TimeSpan.TicksPerSecond,
            _ => 0,
        };
        if (unit != 0)
        {
            return long.TryParse(s.AsSpan(0, s.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out long count) && TryFrom(count, unit, out duration);
        }

        return TimeSpan.TryParse(s, CultureInfo.InvariantCulture, out duration) && duration >= TimeSpan.Zero;
    }

    /// <summary>A short form that parses back: 7d, 24h, 90m, 45s, or seconds.</summary>
    public static string Format(TimeSpan duration)
    {
        if (duration.Ticks % TimeSpan.TicksPerDay == 0 && duration.Ticks > 0)
        {
            return (duration.Ticks / TimeSpan.TicksPerDay).ToString(CultureInfo.InvariantCulture) + "d";
        }

        if (duration.Ticks % TimeSpan.TicksPerHour == 0 && duration.Ticks > 0)
        {
            return (duration.Ticks / TimeSpan.TicksPerHour).ToString(CultureInfo.InvariantCulture) + "h";
        }

        if (duration.Ticks % TimeSpan.TicksPerMinute == 0 && duration.Ticks > 0)
        {
            return (duration.Ticks / TimeSpan.TicksPerMinute).ToString(CultureInfo.InvariantCulture) + "m";
        }

        return ((long)duration.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s";
    }

    private static bool TryFrom(long count, long unitTicks, out TimeSpan duration)
    {
        duration = default;
        if (count < 0 || count > TimeSpan.MaxValue.Ticks / unitTicks)
        {
            return false;
        }

        duration = TimeSpan.FromTicks(count * unitTicks);
        return true;
    }
}
