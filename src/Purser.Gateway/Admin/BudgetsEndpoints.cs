using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Purser.Alerts;
using Purser.Budgets;

namespace Purser.Gateway.Admin;

/// <summary>
/// GET /api/budgets (definitions), GET /api/budgets/status (spend, reserved, remaining, tier, next alert, reset),
/// PUT /api/budgets/{name}, DELETE /api/budgets/{name}, GET /api/alerts?budget=&amp;limit=.
/// </summary>
internal static class BudgetsEndpoints
{
    public static Task ListAsync(HttpContext http, BudgetManager budgets) =>
        AdminResults.JsonAsync(http, JsonSerializer.Serialize([.. budgets.List().Select(BudgetView.Of)], BudgetJsonContext.Default.ListBudgetView));

    public static Task StatusAsync(HttpContext http, BudgetManager budgets) =>
        AdminResults.JsonAsync(http, JsonSerializer.Serialize([.. budgets.Status()], BudgetJsonContext.Default.ListBudgetStatus));

    public static async Task SetAsync(HttpContext http, string name, BudgetManager budgets)
    {
        var (item, error) = await AdminJson.ReadAsync(http, BudgetJsonContext.Default.BudgetItemOptions);
        if (item is null)
        {
            await AdminResults.BadRequestAsync(http, error!);
            return;
        }

        await WriteAsync(http, budgets.Set(name, item));
    }

    public static Task RemoveAsync(HttpContext http, string name, BudgetManager budgets) => WriteAsync(http, budgets.Remove(name));

    public static async Task AlertsAsync(HttpContext http, IAlertStore alerts)
    {
        string? budget = http.Request.Query["budget"].FirstOrDefault();
        string? limitText = http.Request.Query["limit"].FirstOrDefault();
        int limit = 100;
        if (limitText is not null && (!int.TryParse(limitText, out limit) || limit is < 1 or > 1000))
        {
            await AdminResults.BadRequestAsync(http, "'limit' must be a number from 1 to 1000.");
            return;
        }

        await AdminResults.JsonAsync(http, JsonSerializer.Serialize([.. alerts.List(budget, limit)], BudgetJsonContext.Default.ListBudgetAlert));
    }

    private static Task WriteAsync(HttpContext http, BudgetChange change) => change.Outcome switch
    {
        BudgetChangeOutcome.Done => AdminResults.JsonAsync(http, JsonSerializer.Serialize(BudgetView.Of(change.Definition!), BudgetJsonContext.Default.BudgetView)),
        BudgetChangeOutcome.Conflict => AdminResults.ErrorAsync(http, 409, "conflict_error", string.Join(" ", change.Errors)),
        BudgetChangeOutcome.NotFound => AdminResults.ErrorAsync(http, 404, "not_found_error", string.Join(" ", change.Errors)),
        _ => AdminResults.BadRequestAsync(http, string.Join(" ", change.Errors)),
    };
}
