namespace Purser.Budgets;

/// <summary>Resolves Purser:Budgets:TimeZone: "local", "UTC" or an IANA id.</summary>
internal static class BudgetTimeZone
{
    public static bool TryResolve(string? name, TimeProvider time, out TimeZoneInfo zone)
    {
        zone = TimeZoneInfo.Utc;
        if (string.IsNullOrWhiteSpace(name) || string.Equals(name, "local", StringComparison.OrdinalIgnoreCase))
        {
            zone = time.LocalTimeZone;
            return true;
        }

        if (string.Equals(name, "UTC", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(name.Trim());
            return true;
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return false;
        }
    }
}
