namespace Purser.Gateway.Dashboard;

/// <summary>
/// The dashboard's sections, in menu order. A new page (the learned templates and <c>purser run</c> sessions, once those
/// features land) is a component under Dashboard/Pages with an <c>@page</c> route and a line here.
/// </summary>
public static class DashboardNav
{
    public static readonly IReadOnlyList<(string Href, string Label)> Items =
    [
        ("/", "Overview"),
        ("/calls", "Calls"),
        ("/budgets", "Budgets"),
        ("/keys", "Keys"),
        ("/providers", "Providers"),
        ("/cache", "Cache"),
        ("/prompts", "Prompts"),
    ];

    /// <summary>Whether <paramref name="path"/> (e.g. /calls/req_1) belongs to the section at <paramref name="href"/>.</summary>
    public static bool IsActive(string href, string path) =>
        href == "/" ? path == "/" : path == href || path.StartsWith(href + "/", StringComparison.Ordinal);
}
