using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Purser.FunctionalTests.Infrastructure;
using Purser.Tests;

namespace Purser.FunctionalTests.ScaleOut;

/// <summary>
/// Two gateways on one PostgreSQL database: a key revoked, a budget set, the cache cleared and a prompt edited on one
/// are seen by the other within a second (LISTEN/NOTIFY; the periodic resync is set to an hour so it cannot be what helps).
/// </summary>
public sealed class SharedStateTests
{
    private const string Master = "master-key-for-scale-out";

    private static readonly TimeSpan Within = TimeSpan.FromSeconds(1);

    private static Dictionary<string, string?> Config(string database) => new()
    {
        ["Purser:Database:Provider"] = "postgres",
        ["Purser:Database:ConnectionString"] = database,
        ["Purser:Database:ResyncSeconds"] = "3600",
        ["Purser:Auth:MasterKey"] = Master,
        ["Purser:Auth:RequireKeys"] = "true",
        ["Purser:Budgets:TimeZone"] = "UTC",
        ["Purser:Providers:sim:Kind"] = "simulated",
        ["Purser:Providers:sim:Models:0"] = "m",
        ["Purser:Providers:sim:Simulated:ReplyTokens"] = "10",
        ["Purser:Providers:sim:Simulated:PriceAs"] = "openai/gpt-4o",
    };

    [SkippableFact]
    public async Task KeyRevoked_BudgetSet_CacheCleared_PromptEdited_OnOneInstance_HoldOnTheOtherWithinOneSecond()
    {
        PostgresTestServer.RequireServer();
        string database = PostgresTestServer.CreateDatabase();
        try
        {
            await using GatewayServer a = await GatewayServer.StartAsync(Config(database));
            await using GatewayServer b = await GatewayServer.StartAsync(Config(database));
            using HttpClient adminA = Admin(a);
            using HttpClient adminB = Admin(b);

            // A key made on A works on B; revoked on A, B refuses it within a second.
            using HttpResponseMessage created = await adminA.PostAsync("/api/keys", Json("""{"name":"ci","project":"alpha"}"""));
            JsonNode key = JsonNode.Parse(await created.Content.ReadAsStringAsync())!;
            created.StatusCode.ShouldBe(HttpStatusCode.Created);
            using HttpClient userB = b.CreateClient();
            userB.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key["key"]!.GetValue<string>());
            using (HttpResponseMessage before = await userB.PostAsync("/v1/chat/completions", Chat("before")))
            {
                before.StatusCode.ShouldBe(HttpStatusCode.OK);
            }

            using (HttpResponseMessage revoked = await adminA.DeleteAsync("/api/keys/" + key["id"]!.GetValue<string>()))
            {
                revoked.StatusCode.ShouldBe(HttpStatusCode.OK);
            }

            (await SeenWithinAsync(async () =>
            {
                using HttpResponseMessage r = await userB.PostAsync("/v1/chat/completions", Chat("after"));
                return r.StatusCode == HttpStatusCode.Unauthorized;
            })).ShouldBeLessThan(Within);

            // A budget set on A is in force on B.
            using (HttpResponseMessage set = await adminA.PutAsync("/api/budgets/team", Json("""{"limit":25}""")))
            {
                set.StatusCode.ShouldBe(HttpStatusCode.OK, await set.Content.ReadAsStringAsync());
            }

            (await SeenWithinAsync(async () => (await adminB.GetStringAsync("/api/budgets")).Contains("\"team\"", StringComparison.Ordinal))).ShouldBeLessThan(Within);

            // An answer cached by A is a hit on B (the shared store); cleared on A, B misses within a second.
            (await CacheAsync(adminA, "cache me")).ShouldBe("miss");
            (await SeenWithinAsync(async () => await CacheAsync(adminB, "cache me") == "hit", TimeSpan.FromSeconds(10))).ShouldBeLessThan(TimeSpan.FromSeconds(10));
            using (HttpResponseMessage cleared = await adminA.PostAsync("/api/cache/clear", Json("{}")))
            {
                cleared.StatusCode.ShouldBe(HttpStatusCode.OK, await cleared.Content.ReadAsStringAsync());
            }

            (await SeenWithinAsync(async () => await CacheAsync(adminB, "cache me") == "miss")).ShouldBeLessThan(Within);

            // A prompt edited on A (each instance has a prompt file of its own) is in effect on B within a second, and on
            // an instance started afterwards from the start.
            using (HttpResponseMessage edited = await adminA.PutAsync("/api/prompts/file", Json("""{"prompts":{"code_review":{"maxTokens":1234}}}""")))
            {
                edited.StatusCode.ShouldBe(HttpStatusCode.OK, await edited.Content.ReadAsStringAsync());
            }

            (await SeenWithinAsync(async () => await MaxTokensAsync(adminB, "code_review") == 1234)).ShouldBeLessThan(Within);
            File.ReadAllText(Path.Combine(b.Home, "prompts.json")).ShouldContain("1234");
            await using GatewayServer c = await GatewayServer.StartAsync(Config(database));
            using HttpClient adminC = Admin(c);
            (await MaxTokensAsync(adminC, "code_review")).ShouldBe(1234);
        }
        finally
        {
            PostgresTestServer.DropDatabase(database);
        }
    }

    [SkippableFact]
    public async Task DatabaseGone_ReadyIsNotReady_AHardBudgetFailsClosedWith503_AndTheQueuedRowLandsWhenItIsBack()
    {
        PostgresTestServer.RequireServer();
        string database = PostgresTestServer.CreateDatabase();
        Dictionary<string, string?> config = Config(database);
        config["Purser:Auth:RequireKeys"] = "false";
        config["Purser:Budgets:Items:hard:Limit"] = "1";
        config["Purser:Ledger:Durability"] = "fast"; // strict would hold every answer until the database is back
        GatewayServer gateway = await GatewayServer.StartAsync(config);
        bool back = false;
        try
        {
            using HttpClient http = gateway.CreateClient();
            using (HttpResponseMessage ready = await http.GetAsync("/health/ready"))
            {
                ready.StatusCode.ShouldBe(HttpStatusCode.OK);
                JsonNode.Parse(await ready.Content.ReadAsStringAsync())!["database"]!.GetValue<string>().ShouldBe("postgres");
            }

            (await CacheAsync(http, "while up")).ShouldBe("miss");
            PostgresTestServer.DropDatabase(database);

            using (HttpResponseMessage ready = await http.GetAsync("/health/ready"))
            {
                ready.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
                JsonNode body = JsonNode.Parse(await ready.Content.ReadAsStringAsync())!;
                (body["status"]!.GetValue<string>(), body["database"]!.GetValue<string>()).ShouldBe(("not_ready", "unreachable"));
            }

            using HttpResponseMessage refused = await http.PostAsync("/v1/chat/completions", Chat("while down"));
            refused.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
            JsonNode error = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["error"]!;
            error["code"]!.GetValue<string>().ShouldBe("budget_store_unavailable");
            refused.Headers.RetryAfter.ShouldNotBeNull();

            // The database returns (made again, migrated): ready again, and the row of the call refused meanwhile, held
            // in the ledger writer's queue, is written.
            PostgresTestServer.CreateDatabase(database);
            back = true;
            using (var migrated = new Storage.Postgres.PostgresDatabase(database))
            {
                migrated.SchemaVersion.ShouldBe(Storage.Postgres.PostgresDatabase.LatestVersion);
            }

            string id = refused.Headers.GetValues("x-purser-request-id").Single();
            await SeenWithinAsync(() => Task.FromResult(PostgresTestServer.Count(database, $"SELECT COUNT(*) FROM ledger WHERE request_id = '{id}'") == 1), TimeSpan.FromSeconds(30));

            // The writer marks itself healthy once its commit has returned, a moment after the row is visible to others.
            await SeenWithinAsync(async () =>
            {
                using HttpResponseMessage ready = await http.GetAsync("/health/ready");
                return ready.StatusCode == HttpStatusCode.OK;
            });
        }
        finally
        {
            if (!back)
            {
                PostgresTestServer.CreateDatabase(database); // or the gateway's ledger writer waits for it at stop
                new Storage.Postgres.PostgresDatabase(database).Dispose();
            }

            await gateway.DisposeAsync();
            PostgresTestServer.DropDatabase(database);
        }
    }

    /// <summary>How long until <paramref name="seen"/> holds, polled every 20 ms for at most 10 s (then it fails).</summary>
    private static async Task<TimeSpan> SeenWithinAsync(Func<Task<bool>> seen, TimeSpan? limit = null)
    {
        var clock = Stopwatch.StartNew();
        while (!await seen())
        {
            clock.Elapsed.ShouldBeLessThan(limit ?? TimeSpan.FromSeconds(10), "the change never reached the other instance");
            await Task.Delay(20);
        }

        return clock.Elapsed;
    }

    private static async Task<string> CacheAsync(HttpClient http, string text)
    {
        using HttpResponseMessage r = await http.PostAsync("/v1/chat/completions", Chat(text));
        r.StatusCode.ShouldBe(HttpStatusCode.OK, await r.Content.ReadAsStringAsync());
        return r.Headers.GetValues("x-purser-cache").Single();
    }

    private static async Task<int> MaxTokensAsync(HttpClient admin, string prompt) =>
        JsonNode.Parse(await admin.GetStringAsync("/api/prompts/" + prompt))!["max_tokens"]?.GetValue<int>() ?? 0;

    private static HttpClient Admin(GatewayServer gateway)
    {
        HttpClient http = gateway.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Master);
        return http;
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static StringContent Chat(string text) =>
        Json($$"""{"model":"sim/m","max_tokens":20,"messages":[{"role":"user","content":"{{text}}"}]}""");
}
