using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Npgsql;
using Purser.FunctionalTests.Infrastructure;
using Purser.Tests;

namespace Purser.FunctionalTests.ScaleOut;

/// <summary>
/// The PostgreSQL server stops in the middle of a run and starts again (a relay in front of the test server cuts every
/// connection and closes its port, then opens it again): calls under no hard budget go on being served in fast
/// durability with their rows spooled; calls under a hard budget get a 503 in their protocol's format; once the
/// database is back every served call has exactly one ledger row, and /health/ready is 200 again.
/// </summary>
public sealed class DatabaseOutageTests
{
    [SkippableFact]
    public async Task DatabaseStoppedMidRun_FreeCallsServedAndSpooled_HardBudgetCallsFailClosed_NoLedgerRowLost()
    {
        PostgresTestServer.RequireServer();
        string database = PostgresTestServer.CreateDatabase();
        var direct = new NpgsqlConnectionStringBuilder(database);
        using var relay = new TcpRelay(direct.Port);
        string throughRelay = new NpgsqlConnectionStringBuilder(database) { Port = relay.Port, Timeout = 2, CommandTimeout = 5 }.ConnectionString;
        var config = new Dictionary<string, string?>
        {
            ["Purser:Database:Provider"] = "postgres",
            ["Purser:Database:ConnectionString"] = throughRelay,
            ["Purser:Budgets:TimeZone"] = "UTC",
            ["Purser:Budgets:Items:capped:Scope"] = "project",
            ["Purser:Budgets:Items:capped:Match"] = "capped",
            ["Purser:Budgets:Items:capped:Limit"] = "5",
            ["Purser:Ledger:Durability"] = "fast",
            ["Purser:Ledger:ProbeIntervalSeconds"] = "0.2",
            ["Purser:Cache:Enabled"] = "false",
            ["Purser:Providers:sim:Kind"] = "simulated",
            ["Purser:Providers:sim:Models:0"] = "m",
            ["Purser:Providers:sim:Simulated:ReplyTokens"] = "10",
            ["Purser:Providers:sim:Simulated:PriceAs"] = "openai/gpt-4o",
        };
        GatewayServer gateway = await GatewayServer.StartAsync(config);
        var served = new ConcurrentBag<string>();
        try
        {
            using HttpClient http = gateway.CreateClient();
            for (int i = 0; i < 5; i++)
            {
                served.Add(await ServedAsync(http, "free", $"before {i}"));
                served.Add(await ServedAsync(http, "capped", $"capped before {i}"));
            }

            relay.Stop();

            // Down: a hard-budget call fails closed, in the protocol's own format (OpenAI and Anthropic)…
            using (HttpResponseMessage refused = await PostAsync(http, "/v1/chat/completions", "capped", Chat("capped while down")))
            {
                refused.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
                JsonNode error = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["error"]!;
                error["code"]!.GetValue<string>().ShouldBe("budget_store_unavailable");
                refused.Headers.RetryAfter.ShouldNotBeNull();
            }

            using (HttpResponseMessage refused = await PostAsync(http, "/v1/messages", "capped", Anthropic("capped while down")))
            {
                refused.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
                JsonNode body = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!;
                body["type"]!.GetValue<string>().ShouldBe("error");
                body["error"]!["type"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
            }

            // …while calls under no hard budget are served (their rows spooled), concurrently too.
            string[] whileDown = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => ServedAsync(http, "free", $"while down {i}")));
            foreach (string id in whileDown)
            {
                served.Add(id);
            }

            using (HttpResponseMessage ready = await http.GetAsync("/health/ready"))
            {
                ready.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
            }

            relay.Start();

            // Back: every served call has exactly one row (the spooled ones replayed), and the instance is ready again.
            string ids = string.Join(",", served.Select(id => $"'{id}'"));
            await WithinAsync(() => PostgresTestServer.Count(database, $"SELECT COUNT(*) FROM ledger WHERE request_id IN ({ids})") == served.Count, TimeSpan.FromSeconds(30));
            PostgresTestServer.Count(database, "SELECT COUNT(*) - COUNT(DISTINCT request_id) FROM ledger").ShouldBe(0);
            await WithinAsync(() => Ready(http), TimeSpan.FromSeconds(30));
            served.Add(await ServedAsync(http, "capped", "capped after"));
        }
        finally
        {
            relay.Start();
            await gateway.DisposeAsync();
            PostgresTestServer.DropDatabase(database);
        }
    }

    private static async Task<string> ServedAsync(HttpClient http, string project, string text)
    {
        using HttpResponseMessage r = await PostAsync(http, "/v1/chat/completions", project, Chat(text));
        r.StatusCode.ShouldBe(HttpStatusCode.OK, await r.Content.ReadAsStringAsync());
        return r.Headers.GetValues("x-purser-request-id").Single();
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient http, string path, string project, StringContent body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = body };
        request.Headers.Add("x-purser-project", project);
        return await http.SendAsync(request);
    }

    private static bool Ready(HttpClient http)
    {
        using HttpResponseMessage ready = http.GetAsync("/health/ready").GetAwaiter().GetResult();
        return ready.StatusCode == HttpStatusCode.OK;
    }

    /// <summary>Polls <paramref name="condition"/> every 50 ms until it holds; fails after <paramref name="limit"/>.</summary>
    private static async Task WithinAsync(Func<bool> condition, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            clock.Elapsed.ShouldBeLessThan(limit, "the database's return was never noticed");
            await Task.Delay(50);
        }
    }

    private static StringContent Chat(string text) =>
        new($$"""{"model":"sim/m","max_tokens":20,"messages":[{"role":"user","content":"{{text}}"}]}""", Encoding.UTF8, "application/json");

    private static StringContent Anthropic(string text) =>
        new($$"""{"model":"sim/m","max_tokens":20,"messages":[{"role":"user","content":"{{text}}"}]}""", Encoding.UTF8, "application/json");
}
