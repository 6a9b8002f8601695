using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using Npgsql;
using Purser.FunctionalTests.Infrastructure;
using Purser.Tests;

namespace Purser.FunctionalTests.ScaleOut;

/// <summary>
/// Several `purser serve` processes on one PostgreSQL database (docs/SCALE-OUT.md): a hard budget holds across all of
/// them, and the budget an instance killed with -9 held for its calls in flight comes back within its timeout.
/// </summary>
public sealed class ScaleOutTests
{
    private const long LimitPico = 100_000_000_000; // $0.10

    private static string Config(string connectionString) => """
        {"Purser":{"Cache":{"Enabled":false},
          "Providers":{"sim":{"Kind":"simulated","Models":["m"],"Simulated":{"ReplyTokens":40,"LatencyMs":2,"PriceAs":"openai/gpt-4o"}}},
          "Budgets":{"TimeZone":"UTC","Items":{"hard":{"Limit":0.1}}},
          "Database":{"Provider":"postgres","ConnectionString":"CONNECTION","InstanceTimeoutSeconds":3},
          "Ledger":{"Durability":"strict"}}}
        """.Replace("CONNECTION", connectionString, StringComparison.Ordinal);

    [SkippableFact]
    public async Task ThreeInstances_1000ConcurrentCalls_OneHardBudget_SpendNeverAboveTheLimit_AndEveryServedCallHasItsRow()
    {
        await WithInstancesAsync(async (database, gateways, clients) =>
        {
            var served = new ConcurrentBag<string>();
            int refused = 0;
            int next = -1;
            await Task.WhenAll(Enumerable.Range(0, 48).Select(_ => Task.Run(async () =>
            {
                for (int n = Interlocked.Increment(ref next); n < 1000; n = Interlocked.Increment(ref next))
                {
                    using HttpResponseMessage r = await clients[n % 3].PostAsync("/v1/chat/completions", Body());
                    string body = await r.Content.ReadAsStringAsync();
                    if (r.StatusCode == HttpStatusCode.OK)
                    {
                        served.Add(r.Headers.GetValues("x-purser-request-id").Single());
                    }
                    else
                    {
                        r.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests, body);
                        body.ShouldContain("hard");
                        Interlocked.Increment(ref refused);
                    }
                }
            })));

            (served.Count + refused).ShouldBe(1000);
            served.Count.ShouldBeGreaterThan(100);
            refused.ShouldBeGreaterThan(0);

            // Strict durability: every 200 had its row committed before its last byte.
            (long rows, long spent) = Ledger(database);
            rows.ShouldBe(served.Count);
            spent.ShouldBeLessThanOrEqualTo(LimitPico);

            // The most that fits: what is left is less than two calls' cost, and no instance serves another.
            long perCall = spent / rows;
            (LimitPico - spent).ShouldBeLessThan(2 * perCall);
            foreach (HttpClient client in clients)
            {
                using HttpResponseMessage more = await client.PostAsync("/v1/chat/completions", Body());
                more.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
            }

            // Nothing is still held once every call is settled.
            Scalar(database, "SELECT COALESCE(SUM(reserved), 0) FROM budget_counters").ShouldBe(0);
            Scalar(database, "SELECT COUNT(*) FROM budget_holds").ShouldBe(0);
            Scalar(database, "SELECT COALESCE(MAX(spent), 0) FROM budget_counters WHERE budget = 'hard'").ShouldBe(spent);
        });
    }

    [SkippableFact]
    public async Task KillNineOneInstanceMidLoad_ItsHoldsExpireWithinItsTimeout_TheOthersServeOn_AndEveryServedCallHasItsRow()
    {
        await WithInstancesAsync(async (database, gateways, clients) =>
        {
            var served = new ConcurrentBag<string>();
            using var stop = new CancellationTokenSource();
            var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Task[] workers = [.. Enumerable.Range(0, 24).Select(w => Task.Run(async () =>
            {
                HttpClient client = clients[w % 3];
                for (int n = 0; n < 200 && !stop.IsCancellationRequested; n++)
                {
                    try
                    {
                        using HttpResponseMessage r = await client.PostAsync("/v1/chat/completions", Body(), stop.Token);
                        await r.Content.ReadAsByteArrayAsync(stop.Token);
                        if (r.StatusCode == HttpStatusCode.OK)
                        {
                            served.Add(r.Headers.GetValues("x-purser-request-id").Single());
                            if (served.Count >= 60)
                            {
                                enough.TrySetResult();
                            }
                        }
                    }
                    catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
                    {
                        if (w % 3 == 0)
                        {
                            return; // the instance killed under this worker: expected
                        }

                        throw;
                    }
                }
            }))];

            await enough.Task.WaitAsync(TimeSpan.FromSeconds(120));
            await gateways[0].KillHardAsync();
            await Task.WhenAll(workers);

            // Every call that got a 200, on any instance, the killed one included, has its ledger row.
            HashSet<string> recorded = RequestIds(database);
            served.ShouldAllBe(id => recorded.Contains(id));
            (long _, long spent) = Ledger(database);
            spent.ShouldBeLessThanOrEqualTo(LimitPico);

            // What the killed instance held is released within its timeout (3 s) and a sweep (every second).
            var clock = Stopwatch.StartNew();
            while (Scalar(database, "SELECT COUNT(*) FROM budget_holds") > 0 && clock.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(100);
            }

            Scalar(database, "SELECT COUNT(*) FROM budget_holds").ShouldBe(0);
            clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10));
            Scalar(database, "SELECT COALESCE(SUM(reserved), 0) FROM budget_counters").ShouldBe(0);

            // The other two go on serving (or refuse by the budget), and the counter is the ledger exactly.
            for (int i = 1; i < 3; i++)
            {
                using HttpResponseMessage r = await clients[i].PostAsync("/v1/chat/completions", Body());
                r.StatusCode.ShouldBeOneOf(HttpStatusCode.OK, HttpStatusCode.TooManyRequests);
            }

            (long _, long after) = Ledger(database);
            after.ShouldBeLessThanOrEqualTo(LimitPico);
            Scalar(database, "SELECT COALESCE(MAX(spent), 0) FROM budget_counters WHERE budget = 'hard'").ShouldBe(after);
        });
    }

    /// <summary>Three `purser serve` processes on a new database of the test server, each with a client; all removed afterwards.</summary>
    private static async Task WithInstancesAsync(Func<string, GatewayProcess[], HttpClient[], Task> test)
    {
        PostgresTestServer.RequireServer();
        string database = PostgresTestServer.CreateDatabase();
        string root = Path.Combine(Path.GetTempPath(), "purser-scaleout-" + Guid.NewGuid().ToString("N"));
        GatewayProcess[] gateways = [];
        HttpClient[] clients = [];
        try
        {
            gateways = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => GatewayProcess.StartAsync(Path.Combine(root, "i" + i), Config(database))));
            clients = [.. gateways.Select(g => new HttpClient { BaseAddress = new Uri(g.Url), Timeout = TimeSpan.FromSeconds(60) })];
            await test(database, gateways, clients);
        }
        finally
        {
            foreach (HttpClient client in clients)
            {
                client.Dispose();
            }

            foreach (GatewayProcess gateway in gateways)
            {
                await gateway.DisposeAsync();
            }

            PostgresTestServer.DropDatabase(database);
            Directory.Delete(root, recursive: true);
        }
    }

    private static StringContent Body() =>
        new("""{"model":"sim/m","max_tokens":40,"messages":[{"role":"user","content":"scale out"}]}""", Encoding.UTF8, "application/json");

    private static (long Rows, long SpentPico) Ledger(string database) =>
        (Scalar(database, "SELECT COUNT(*) FROM ledger WHERE status = 200"), Scalar(database, "SELECT COALESCE(SUM(cost_pico), 0) FROM ledger"));

    private static long Scalar(string database, string sql) => PostgresTestServer.Count(database, sql);

    private static HashSet<string> RequestIds(string database)
    {
        using var connection = new NpgsqlConnection(database);
        connection.Open();
        using var command = new NpgsqlCommand("SELECT request_id FROM ledger", connection);
        using NpgsqlDataReader reader = command.ExecuteReader();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }
}
