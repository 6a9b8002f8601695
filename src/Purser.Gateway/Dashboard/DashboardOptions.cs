namespace Purser.Gateway.Dashboard;

/// <summary><c>Purser:Dashboard</c>: the web dashboard served at <c>/</c>.</summary>
public sealed class DashboardOptions
{
    public const string SectionName = "Purser:Dashboard";

    /// <summary>Serve the dashboard (default true).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long a sign-in lasts, in hours (default 12; 1 to 720).</summary>
    public int SessionHours { get; set; } = 12;

    /// <summary>How often the overview and calls pages look for new calls, in seconds (default 3; 1 to 300).</summary>
    public int RefreshSeconds { get; set; } = 3;

    public IEnumerable<string> Validate()
    {
        if (SessionHours is < 1 or > 720)
        {
            yield return $"{SectionName}:SessionHours must be from 1 to 720; got {SessionHours}.";
        }

        if (RefreshSeconds is < 1 or > 300)
        {
            yield return $"{SectionName}:RefreshSeconds must be from 1 to 300; got {RefreshSeconds}.";
        }
    }
}
