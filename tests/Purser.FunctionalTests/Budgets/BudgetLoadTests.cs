using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Purser.FunctionalTests.Infrastructure;

namespace Purser.FunctionalTests.Budgets;

/// <summary>
/// Hard budgets under concurrent load through the real gateway: the ledger, summed straight from SQLite, never
/// exceeds a limit, and every refused call was refused for a budget.
/// </summary>
public sealed class BudgetLoadTests
{
    private const int Requests = 1000;

    /// <summary>A simulated model priced as gpt-4o ($2.50 / $10 per 1M): each answer is 40 tokens, max_tokens 60.</summary>
    private static Dictionary<string, string?> Config(params (string Key, string Value)[] budgets)
    {
        var config = new Dictionary<string, string?>
        {
            ["Purser:Cache:Enabled"] = "false", // budget tests repeat identical calls that must reach upstream
            ["Purser:Providers:sim:Kind"] = "simulated",
            ["Purser:Providers:sim:Models:0"] = "m",
            ["Purser:Providers:sim:Simulated:ReplyTokens"] = "40",
            ["Purser:Providers:sim:Simulated:LatencyMs"] = "5",
            ["Purser:Providers:sim:Simulated:PriceAs"] = "openai/gpt-4o",
            ["Purser:Budgets:TimeZone"] = "UTC",
            ["Purser:Ledger:Durability"] = "fast",
        };
        foreach (var (key, value) in budgets)
        {
            config["Purser:Budgets:Items:" + key] = value;
        }

        return config;
    }

    [Fact]
    public async Task ThousandConcurrentCalls_HardBudget_IsNeverOvershot()
    {
        await using GatewayServer gateway = await GatewayServer.StartAsync(Config(("hard:Limit", "0.05")));
        using HttpClient http = gateway.CreateAdminClient();

        var results = await FireAsync(http, Requests, i => ("project-" + (i % 3), "user-" + (i % 5)));

        await FlushLedgerAsync(gateway);
        long limit = 50_000_000_000; // $0.05 in pico-dollars
        long spent = (long)LedgerDb.Scalar(gateway.Home, "SELECT COALESCE(SUM(cost_pico), 0) FROM ledger")!;
        spent.ShouldBeLessThanOrEqualTo(limit);
        int ok = results.Count(r => r.Status == HttpStatusCode.OK);
        ok.ShouldBeGreaterThan(50); // the budget was used, not refused wholesale
        spent.ShouldBeGreaterThan(limit / 2);
        AssertRefusalsWereForBudgets(results, ["hard"]);
        ((long)LedgerDb.Scalar(gateway.Home, "SELECT COUNT(*) FROM ledger")!).ShouldBe(Requests);
        ((long)LedgerDb.Scalar(gateway.Home, "SELECT COUNT(*) FROM ledger WHERE outcome = 'budget_exceeded'")!).ShouldBe(Requests - ok);
        ((long)LedgerDb.Scalar(gateway.Home, "SELECT COUNT(*) FROM ledger WHERE outcome NOT IN ('ok', 'budget_exceeded')")!).ShouldBe(0);

        // What the gateway holds in memory is what the ledger says, with nothing left reserved.
        JsonNode status = (await StatusAsync(http)).Single(s => s!["name"]!.GetValue<string>() == "hard")!;
        status["reserved"]!.GetValue<decimal>().ShouldBe(0);
        status["spent"]!.GetValue<decimal>().ShouldBe(spent / 1_000_000_000_000m);
    }

    [Fact]
    public async Task ThousandConcurrentCalls_SeveralScopesAtOnce_NoneIsOvershot()
    {
        await using GatewayServer gateway = await GatewayServer.StartAsync(Config(
            ("global:Limit", "0.2"),
            ("alpha:Scope", "project"),
            ("alpha:Match", "alpha"),
            ("alpha:Limit", "0.02"),
            ("per-user:Scope", "user"),
            ("per-user:Match", "*"),
            ("per-user:Limit", "0.015"),
            ("ci:Scope", "tag"),
            ("ci:Match", "ci"),
            ("ci:Limit", "0.03"),
            ("tokens:Unit", "tokens"),
            ("tokens:Limit", "12000"),
            ("tokens:Window", "monthly"),
            ("tokens:Scope", "project"),
            ("tokens:Match", "beta")));
        using HttpClient http = gateway.CreateAdminClient();

        var results = await FireAsync(http, Requests, i => (i % 2 == 0 ? "alpha" : "beta", "user-" + (i % 4)), i => i % 3 == 0 ? "ci" : null);

        await FlushLedgerAsync(gateway);
        decimal Sum(string where) => (long)LedgerDb.Scalar(gateway.Home, $"SELECT COALESCE(SUM(cost_pico), 0) FROM ledger l WHERE {where}")! / 1_000_000_000_000m;
        Sum("1=1").ShouldBeLessThanOrEqualTo(0.2m);
        Sum("project = 'alpha'").ShouldBeLessThanOrEqualTo(0.02m);
        Sum("EXISTS (SELECT 1 FROM ledger_tags t WHERE t.ledger_id = l.id AND t.tag = 'ci')").ShouldBeLessThanOrEqualTo(0.03m);
        foreach (Dictionary<string, object?> row in LedgerDb.Rows(gateway.Home, "SELECT user_name, SUM(cost_pico) AS pico FROM ledger GROUP BY user_name"))
        {
            ((long)row["pico"]! / 1_000_000_000_000m).ShouldBeLessThanOrEqualTo(0.015m, $"user {row["user_name"]}");
        }

        ((long)LedgerDb.Scalar(gateway.Home, "SELECT COALESCE(SUM(total_tokens), 0) FROM ledger WHERE project = 'beta'")!).ShouldBeLessThanOrEqualTo(12000);
        results.Count(r => r.Status == HttpStatusCode.OK).ShouldBeGreaterThan(20);
        AssertRefusalsWereForBudgets(results, ["global", "alpha", "ci", "tokens", "per-user[user-0]", "per-user[user-1]", "per-user[user-2]", "per-user[user-3]"]);
        (await StatusAsync(http)).ShouldAllBe(s => s!["reserved"]!.GetValue<decimal>() == 0);
    }

    private static async Task<List<Result>> FireAsync(HttpClient http, int count, Func<int, (string Project, string User)> who, Func<int, string?>? tag = null)
    {
        var results = new ConcurrentBag<Result>();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task[] calls = [.. Enumerable.Range(0, count).Select(i => Task.Run(async () =>
        {
            await start.Task;
            var (project, user) = who(i);
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
            {
                Content = new StringContent($$"""{"model":"sim/m","max_tokens":60,"messages":[{"role":"user","content":"load test call {{i}}"}]}""", Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("x-purser-project", project);
            request.Headers.Add("x-purser-user", user);
            if (tag?.Invoke(i) is { } t)
            {
                request.Headers.Add("x-purser-tags", t);
            }

            using HttpResponseMessage response = await http.SendAsync(request);
            string body = await response.Content.ReadAsStringAsync();
            results.Add(new Result(response.StatusCode, body, response.Headers.TryGetValues("x-purser-budget", out var b) ? b.Single() : null));
        }))];
        start.SetResult();
        await Task.WhenAll(calls).WaitAsync(TimeSpan.FromSeconds(120));
        return [.. results];
    }

    private static void AssertRefusalsWereForBudgets(List<Result> results, string[] budgets)
    {
        foreach (Result refused in results.Where(r => r.Status != HttpStatusCode.OK))
        {
            refused.Status.ShouldBe(HttpStatusCode.TooManyRequests, refused.Body);
            JsonNode error = JsonNode.Parse(refused.Body)!["error"]!;
            error["purser_error_kind"]!.GetValue<string>().ShouldBe("budget_exceeded");
            error["type"]!.GetValue<string>().ShouldBe("budget_exceeded");
            refused.Budget.ShouldNotBeNull();
            budgets.ShouldContain(refused.Budget);
            error["message"]!.GetValue<string>().ShouldStartWith($"Budget '{refused.Budget}'");
        }
    }

    private static async Task<JsonArray> StatusAsync(HttpClient http) =>
        JsonNode.Parse(await http.GetStringAsync("/api/budgets/status"))!.AsArray();

    private static Task FlushLedgerAsync(GatewayServer gateway) =>
        ((Ledger.LedgerWriter)gateway.Services.GetService(typeof(Ledger.LedgerWriter))!).FlushAsync();

    private sealed record Result(HttpStatusCode Status, string Body, string? Budget);
}
