namespace Purser.Gateway.Dashboard;

/// <summary>Endpoint metadata of the dashboard's pages and their live endpoint: <see cref="DashboardAccess"/> guards exactly the endpoints that carry it.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class DashboardPageAttribute : Attribute
{
    public static readonly DashboardPageAttribute Guarded = new();
}
