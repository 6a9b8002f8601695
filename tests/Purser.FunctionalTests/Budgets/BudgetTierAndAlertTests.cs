using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Purser.FunctionalTests.Infrastructure;

namespace Purser.FunctionalTests.Budgets;

/// <summary>Tiers seen through x-purser-route and the ledger, the budgets API, and alerts to the table, the API and a webhook.</summary>
public sealed class BudgetTierAndAlertTests
{
    /// <summary>Two simulated providers: "dear" priced as gpt-4o, "thrifty" as gpt-4o-mini, which the cheap alias names.</summary>
    internal static Dictionary<string, string?> Config(string? webhook = null)
    {
        var config = new Dictionary<string, string?>
        {
            ["Purser:Cache:Enabled"] = "false", // budget tests repeat identical calls that must reach upstream
            ["Purser:Providers:dear:Kind"] = "simulated",
            ["Purser:Providers:dear:Models:0"] = "m",
            ["Purser:Providers:dear:Simulated:ReplyTokens"] = "40",
            ["Purser:Providers:dear:Simulated:PriceAs"] = "openai/gpt-4o",
            ["Purser:Providers:thrifty:Kind"] = "simulated",
            ["Purser:Providers:thrifty:Models:0"] = "m",
            ["Purser:Providers:thrifty:Simulated:ReplyTokens"] = "40",
            ["Purser:Providers:thrifty:Simulated:PriceAs"] = "openai/gpt-4o-mini",
            ["Purser:Models:cheap:Targets:0"] = "thrifty/m",
            ["Purser:Budgets:TimeZone"] = "UTC",
            ["Purser:Budgets:Items:configured:Limit"] = "100",
            ["Purser:Budgets:Items:configured:Mode"] = "soft",
        };
        if (webhook is not null)
        {
            config["Purser:Alerts:Webhooks:0:Url"] = webhook;
            config["Purser:Alerts:RetryDelaySeconds"] = "0";
        }

        return config;
    }

    private static async Task<HttpResponseMessage> CallAsync(HttpClient http, int maxTokens = 60) =>
        await http.PostAsync("/v1/chat/completions", new StringContent($$"""{"model":"dear/m","max_tokens":{{maxTokens}},"messages":[{"role":"user","content":"tier me"}]}""", Encoding.UTF8, "application/json"));

    private static async Task<string> PutAsync(HttpClient http, string name, string body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using HttpResponseMessage response = await http.PutAsync("/api/budgets/" + name, new StringContent(body, Encoding.UTF8, "application/json"));
        string text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(expected, text);
        return text;
    }

    [Fact]
    public async Task Tiers_AnyThenCheapThenEmergencyThenRefused_ShowInTheRouteHeaderAndTheLedger()
    {
        await using GatewayServer gateway = await GatewayServer.StartAsync(Config());
        using HttpClient http = gateway.CreateAdminClient();
        await PutAsync(http, "daily", """{"limit":0.002}""");

        var routes = new List<string>();
        var models = new List<string>();
        for (int i = 0; i < 4; i++)
        {
            using HttpResponseMessage r = await CallAsync(http);
            r.StatusCode.ShouldBe(HttpStatusCode.OK);
            routes.Add(r.Headers.GetValues("x-purser-route").Single());
            models.Add(r.Headers.GetValues("x-purser-provider").Single());
            decimal.Parse(r.Headers.GetValues("x-purser-budget-remaining-usd").Single(), System.Globalization.CultureInfo.InvariantCulture).ShouldBeLessThan(0.002m);
        }

        // Each gpt-4o-priced answer costs about $0.00043: after three, less than 40% of $0.002 is left.
        routes.ShouldBe(["explicit", "explicit", "explicit", "explicit>tier:cheap"]);
        models.ShouldBe(["dear", "dear", "dear", "thrifty"]);

        // About $0.00068 is left: below an emergency threshold of $0.001; the emergency cap (1,024 tokens on the
        // cheapest model, about $0.0006 at worst) still fits.
        await PutAsync(http, "daily", """{"limit":0.002,"cheap_below":"0.0015","emergency_below":"0.001"}""");
        using HttpResponseMessage emergency = await CallAsync(http, maxTokens: 4000);
        emergency.StatusCode.ShouldBe(HttpStatusCode.OK);
        emergency.Headers.GetValues("x-purser-route").Single().ShouldBe("explicit>tier:emergency");
        emergency.Headers.GetValues("x-purser-provider").Single().ShouldBe("thrifty");

        await PutAsync(http, "daily", """{"limit":0.0001}""");
        using HttpResponseMessage refused = await CallAsync(http);
        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        refused.Headers.GetValues("x-purser-route").Single().ShouldBe("explicit>tier:exhausted");
        string message = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["error"]!["message"]!.GetValue<string>();
        message.ShouldStartWith("Budget 'daily' (global, daily) has no room for this call: spent $0.00");
        message.ShouldContain("of $0.0001");
        message.ShouldContain("it resets at");

        await ((Ledger.LedgerWriter)gateway.Services.GetService(typeof(Ledger.LedgerWriter))!).FlushAsync();
        LedgerDb.Rows(gateway.Home, "SELECT budget_tier, route FROM ledger ORDER BY id").Select(r => $"{r["budget_tier"]} {r["route"]}")
            .ShouldBe(["any explicit", "any explicit", "any explicit", "cheap explicit>tier:cheap", "emergency explicit>tier:emergency", "exhausted explicit>tier:exhausted"]);
    }

    [Fact]
    public async Task BudgetsApi_ListSetRemove_AndItsErrors()
    {
        await using GatewayServer gateway = await GatewayServer.StartAsync(Config());
        using HttpClient http = gateway.CreateAdminClient();

        string set = await PutAsync(http, "alpha", """{"scope":"project","match":"alpha","window":"monthly","limit":25,"cheap_below":"30%"}""");
        string invalid = await PutAsync(http, "bad", """{"scope":"project","limit":25}""", HttpStatusCode.BadRequest);
        string conflict = await PutAsync(http, "configured", """{"limit":1}""", HttpStatusCode.Conflict);
        await PutAsync(http, "broken", "{nope", HttpStatusCode.BadRequest);
        JsonArray list = JsonNode.Parse(await http.GetStringAsync("/api/budgets"))!.AsArray();

        JsonNode.Parse(set)!["cheap_below"]!.GetValue<string>().ShouldBe("30%");
        JsonNode.Parse(invalid)!["error"]!["message"]!.GetValue<string>().ShouldContain("Match is required");
        JsonNode.Parse(conflict)!["error"]!["message"]!.GetValue<string>().ShouldContain("Purser:Budgets:Items:configured");
        list.Select(b => $"{b!["name"]} {b["source"]}").ShouldBe(["configured configuration", "alpha store"]);
        (await http.DeleteAsync("/api/budgets/alpha")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await http.DeleteAsync("/api/budgets/alpha")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await http.DeleteAsync("/api/budgets/configured")).StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Alerts_FireOncePerLevel_ToTheTableTheApiAndAWebhook()
    {
        await using FakeUpstream hook = await FakeUpstream.StartAsync();
        var posts = new ConcurrentQueue<JsonNode>();
        int failures = 0;
        hook.Handler = async (http, request) =>
        {
            // The first post fails: it must be retried.
            if (Interlocked.Increment(ref failures) == 1)
            {
                http.Response.StatusCode = 503;
                return;
            }

            posts.Enqueue(JsonNode.Parse(request.Body)!);
            await http.Response.WriteAsync("ok");
        };
        await using GatewayServer gateway = await GatewayServer.StartAsync(Config(hook.Url + "/services/T/B/X"));
        using HttpClient http = gateway.CreateAdminClient();
        await PutAsync(http, "small", """{"limit":0.0015,"alerts":[50,90,100]}""");

        HttpStatusCode last = HttpStatusCode.OK;
        for (int i = 0; i < 20 && last == HttpStatusCode.OK; i++)
        {
            using HttpResponseMessage r = await CallAsync(http);
            last = r.StatusCode;
        }

        last.ShouldBe(HttpStatusCode.TooManyRequests);
        JsonArray alerts = await WaitForAsync(async () => JsonNode.Parse(await http.GetStringAsync("/api/alerts?budget=small"))!.AsArray(), a => a.Count >= 3);
        alerts.Select(a => a!["level"]!.GetValue<int>()).Order().ShouldBe([50, 90, 100]);
        alerts.Single(a => a!["level"]!.GetValue<int>() == 100)!["kind"]!.GetValue<string>().ShouldBe("refused");
        ((long)LedgerDb.Scalar(gateway.Home, "SELECT COUNT(*) FROM budget_alerts WHERE budget = 'small'")!).ShouldBe(3);

        await WaitForAsync(() => Task.FromResult(posts.Count), n => n >= 3);
        posts.Select(p => p["level"]!.GetValue<int>()).Order().ShouldBe([50, 90, 100]);
        posts.ShouldAllBe(p => p["text"]!.GetValue<string>().Contains("Budget 'small'", StringComparison.Ordinal));

        // More refusals do not fire again.
        (await CallAsync(http)).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        JsonNode.Parse(await http.GetStringAsync("/api/alerts"))!.AsArray().Count(a => a!["budget"]!.GetValue<string>() == "small").ShouldBe(3);
    }

    private static async Task<T> WaitForAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            T value = await read();
            if (done(value) || DateTime.UtcNow > deadline)
            {
                return value;
            }

            await Task.Delay(20);
        }
    }
}
