using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Purser.FunctionalTests.Infrastructure;
using Purser.Tests;

namespace Purser.FunctionalTests.Budgets;

/// <summary>Budgets across a kill -9 and restart, and reservations of calls that never finish.</summary>
public sealed class BudgetRestartTests
{
    private const string Config = """
        {"Purser":{"Auth":{"MasterKey":"restart-test-master"},"Cache":{"Enabled":false},"Providers":{"sim":{"Kind":"simulated","Models":["m"],"Simulated":{"ReplyTokens":40,"LatencyMs":5,"PriceAs":"openai/gpt-4o"}}},
          "Budgets":{"TimeZone":"UTC","Items":{"hard":{"Limit":0.1}}},
          "Ledger":{"Durability":"strict"}}}
        """;

    private const long LimitPico = 100_000_000_000; // $0.10

    [Fact]
    public async Task KillNineMidLoad_RestartRebuildsSpendFromTheLedger_AndTheBudgetStillHolds()
    {
        string home = Path.Combine(Path.GetTempPath(), "purser-budget-crash-" + Guid.NewGuid().ToString("N"));
        var acknowledged = new ConcurrentBag<string>();
        await using (GatewayProcess gateway = await GatewayProcess.StartAsync(home, Config))
        {
            using var http = new HttpClient { BaseAddress = new Uri(gateway.Url), Timeout = TimeSpan.FromSeconds(30) };
            using var stop = new CancellationTokenSource();
            var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Task[] workers = [.. Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    try
                    {
                        using HttpResponseMessage r = await http.PostAsync("/v1/chat/completions", Body(), stop.Token);
                        await r.Content.ReadAsByteArrayAsync(stop.Token);
                        if (r.StatusCode == HttpStatusCode.OK && acknowledged.Count < 10_000)
                        {
                            acknowledged.Add(r.Headers.GetValues("x-purser-request-id").Single());
                            if (acknowledged.Count >= 60)
                            {
                                enough.TrySetResult();
                            }
                        }
                    }
                    catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
                    {
                        return; // the server died under us: expected
                    }
                }
            }))];

            await enough.Task.WaitAsync(TimeSpan.FromSeconds(120));
            await gateway.KillHardAsync();
            await stop.CancelAsync();
            await Task.WhenAll(workers);
        }

        long spentBefore = SpentPico(home);
        spentBefore.ShouldBeGreaterThan(0);
        spentBefore.ShouldBeLessThanOrEqualTo(LimitPico);

        await using (GatewayProcess again = await GatewayProcess.StartAsync(home, Config))
        {
            using var http = new HttpClient { BaseAddress = new Uri(again.Url), Timeout = TimeSpan.FromSeconds(30) };
            http.DefaultRequestHeaders.Add("x-purser-master-key", "restart-test-master");
            JsonNode status = await HardStatusAsync(http);
            status["spent"]!.GetValue<decimal>().ShouldBe(spentBefore / 1_000_000_000_000m);
            status["reserved"]!.GetValue<decimal>().ShouldBe(0);

            // Spend the rest, concurrently: the budget refuses before the limit.
            int refused = 0;
            await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
            {
                for (int i = 0; i < 400 && Volatile.Read(ref refused) < 50; i++)
                {
                    using HttpResponseMessage r = await http.PostAsync("/v1/chat/completions", Body());
                    if (r.StatusCode != HttpStatusCode.OK)
                    {
                        r.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
                        Interlocked.Increment(ref refused);
                    }
                }
            })));

            refused.ShouldBeGreaterThanOrEqualTo(50);
            JsonNode after = await HardStatusAsync(http);
            after["reserved"]!.GetValue<decimal>().ShouldBe(0);
            after["spent"]!.GetValue<decimal>().ShouldBe(SpentPico(home) / 1_000_000_000_000m);
        }

        SpentPico(home).ShouldBeLessThanOrEqualTo(LimitPico);
        SpentPico(home).ShouldBeGreaterThan(spentBefore);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(home, recursive: true);
    }

    [Fact]
    public async Task StuckCall_ItsReservationExpiresAfterTheLease_AndTheBudgetServesAgain()
    {
        var time = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using FakeUpstream upstream = await FakeUpstream.StartAsync();
        var wire = new OpenAIUpstreamWire();
        var scenario = new FakeScenario();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        upstream.Handler = async (http, request) =>
        {
            if (request.Body.Contains("stuck", StringComparison.Ordinal))
            {
                await gate.Task;
                http.Response.StatusCode = 500;
                await http.Response.WriteAsync(wire.ErrorBody(500, "gave up"));
                return;
            }

            await wire.AnswerAsync(http, request, scenario);
        };
        var config = new Dictionary<string, string?>
        {
            ["Purser:Cache:Enabled"] = "false", // budget tests repeat identical calls that must reach upstream
            ["Purser:Providers:up:Kind"] = "openai",
            ["Purser:Providers:up:BaseUrl"] = wire.BaseUrl(upstream.Url),
            ["Purser:Providers:up:Models:0"] = "fake-model",
            ["Purser:Providers:up:TimeoutSeconds"] = "3600",
            ["Purser:Pricing:up/fake-model:Input"] = "1",
            ["Purser:Pricing:up/fake-model:Output"] = "2",
            ["Purser:Pricing:up/fake-model:MaxOutputTokens"] = "1000",
            ["Purser:Budgets:TimeZone"] = "UTC",
            ["Purser:Budgets:ReservationLeaseSeconds"] = "60",
            ["Purser:Resilience:Retry:MaxAttempts"] = "1", // retry waits would run on the hand-moved clock
            // One call's worst case (about $0.00021 at max_tokens 100) fits; two do not.
            ["Purser:Budgets:Items:hard:Limit"] = "0.0003",
        };
        await using GatewayServer gateway = await GatewayServer.StartAsync(config, services: s => s.AddSingleton<TimeProvider>(time));
        using HttpClient http = gateway.CreateAdminClient();

        Task<HttpResponseMessage> stuck = http.PostAsync("/v1/chat/completions", Body("fake-model", "stuck", 100));
        while (upstream.CallCount == 0)
        {
            await Task.Delay(10);
        }

        using (HttpResponseMessage held = await http.PostAsync("/v1/chat/completions", Body("fake-model", "hello", 100)))
        {
            held.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        }

        (await HardStatusAsync(http))["reserved"]!.GetValue<decimal>().ShouldBeGreaterThan(0.0002m);
        time.Advance(TimeSpan.FromSeconds(61));
        using (HttpResponseMessage served = await http.PostAsync("/v1/chat/completions", Body("fake-model", "hello", 100)))
        {
            served.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        JsonNode status = await HardStatusAsync(http);
        status["reserved"]!.GetValue<decimal>().ShouldBe(0);
        status["spent"]!.GetValue<decimal>().ShouldBe(0.0002m); // 120 prompt tokens at $1 + 40 output at $2 per 1M

        gate.SetResult();
        using HttpResponseMessage failed = await stuck;
        failed.StatusCode.ShouldBe(HttpStatusCode.BadGateway);
        JsonNode final = await HardStatusAsync(http);
        final["spent"]!.GetValue<decimal>().ShouldBe(0.0002m);
        final["reserved"]!.GetValue<decimal>().ShouldBe(0);
    }

    private static StringContent Body(string model = "sim/m", string text = "restart load", int maxTokens = 60) =>
        new($$"""{"model":"{{model}}","max_tokens":{{maxTokens}},"messages":[{"role":"user","content":"{{text}}"}]}""", Encoding.UTF8, "application/json");

    private static long SpentPico(string home) => (long)LedgerDb.Scalar(home, "SELECT COALESCE(SUM(cost_pico), 0) FROM ledger")!;

    private static async Task<JsonNode> HardStatusAsync(HttpClient http) =>
        JsonNode.Parse(await http.GetStringAsync("/api/budgets/status"))!.AsArray().Single(s => s!["name"]!.GetValue<string>() == "hard")!;
}
