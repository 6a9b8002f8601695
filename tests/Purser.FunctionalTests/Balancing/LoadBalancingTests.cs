using System.Net;
using System.Text;
using Purser.FunctionalTests.Infrastructure;
using Faults = Purser.FunctionalTests.Infrastructure.ChainHarness.Faults;

namespace Purser.FunctionalTests.Balancing;

/// <summary>
/// Load balancing of aliases over several fake upstreams on loopback (gemini "g", openai "o" and anthropic "a" wires),
/// through the real gateway: weights over 1,000 calls, least-busy following calls in flight, provider quotas, the
/// cheapest first, failover, and sticky conversations. Each test uses its own alias over the same three upstreams.
/// </summary>
public sealed class LoadBalancingTests(LoadBalancingTests.Fixture fixture) : IClassFixture<LoadBalancingTests.Fixture>, IDisposable
{
    private readonly ChainHarness _h = fixture.Harness;
    private readonly Dictionary<string, int> _before = ChainHarness.Names.ToDictionary(n => n, n => fixture.Harness[n].Calls);

    /// <summary>Calls upstream <paramref name="name"/> received during this test (the gateway is shared by the class).</summary>
    private int Calls(string name) => _h[name].Calls - _before[name];

    public void Dispose()
    {
        foreach (string name in ChainHarness.Names)
        {
            _h[name].Fault = null;
        }
    }

    public sealed class Fixture : IAsyncLifetime
    {
        public ChainHarness Harness { get; private set; } = null!;

        public async Task InitializeAsync() => Harness = await ChainHarness.StartAsync(Configure);

        public async Task DisposeAsync() => await Harness.DisposeAsync();
    }

    private static void Configure(Dictionary<string, string?> c)
    {
        Alias(c, "wt", "weighted", sticky: false);
        c["Purser:Models:wt:PerTarget:g/gm:Weight"] = "5";
        c["Purser:Models:wt:PerTarget:o/om:Weight"] = "3";
        c["Purser:Models:wt:PerTarget:a/am:Weight"] = "2";
        Alias(c, "lb", "least-busy", sticky: false, "g/gm", "o/om");
        Alias(c, "q", "ordered", sticky: false, "g/gm", "o/om");
        c["Purser:Models:q:PerTarget:g/gm:Rpm"] = "3";
        Alias(c, "qq", "ordered", sticky: false, "a/am");
        c["Purser:Models:qq:PerTarget:a/am:Rpm"] = "1";
        Alias(c, "cost", "cost", sticky: false, "a/am", "o/om", "g/gm");
        Alias(c, "st", "weighted", sticky: true, "g/gm", "o/om");
        c["Purser:Resilience:Retry:MaxAttempts"] = "1";
    }

    private static void Alias(Dictionary<string, string?> config, string alias, string strategy, bool sticky, params string[] targets)
    {
        targets = targets.Length == 0 ? ["g/gm", "o/om", "a/am"] : targets;
        for (int i = 0; i < targets.Length; i++)
        {
            config[$"Purser:Models:{alias}:Targets:{i}"] = targets[i];
        }

        config[$"Purser:Models:{alias}:Strategy"] = strategy;
        config[$"Purser:Models:{alias}:Sticky"] = sticky ? "true" : "false";
    }

    private async Task<(HttpResponseMessage Response, string Body)> PostAsync(string model, string text = "hi")
    {
        using HttpClient http = _h.Gateway.CreateClient();
        string body = $$"""{"model":"{{model}}","messages":[{"role":"user","content":"{{text}}"}]}""";
        HttpResponseMessage response = await http.PostAsync("/v1/chat/completions", new StringContent(body, Encoding.UTF8, "application/json"));
        return (response, await response.Content.ReadAsStringAsync());
    }

    private static string Served(HttpResponseMessage response) => response.Headers.GetValues("x-purser-provider").Single();

    private static string Route(HttpResponseMessage response) => response.Headers.GetValues("x-purser-route").Single();

    [Fact]
    public async Task Weighted_1000Calls_SplitByTheWeightsWithinOnePercent()
    {
        // Smooth weighted round-robin is exact over every 10 picks (5 + 3 + 2); the stated tolerance is ±1 % of the calls.
        const int Total = 1000;
        int failed = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, Total), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
        {
            var (response, _) = await PostAsync("wt", "conversation " + i);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                Interlocked.Increment(ref failed);
            }
        });

        failed.ShouldBe(0);
        Calls("g").ShouldBeInRange(490, 510);
        Calls("o").ShouldBeInRange(290, 310);
        Calls("a").ShouldBeInRange(190, 210);
        (Calls("g") + Calls("o") + Calls("a")).ShouldBe(Total);
    }

    [Fact]
    public async Task LeastBusy_FollowsTheCallsInFlight()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _h["g"].Fault = async (_, _, _) =>
        {
            await gate.Task;
            return false;
        };

        // Nothing in flight: the first target serves; it is then held busy.
        Task<(HttpResponseMessage Response, string Body)> held = PostAsync("lb");
        await WaitUntilAsync(() => Calls("g") == 1);

        var (second, _) = await PostAsync("lb");
        var (third, _) = await PostAsync("lb");

        Served(second).ShouldBe("o");
        Served(third).ShouldBe("o");
        Route(second).ShouldContain("balance:least-busy=o/om");

        gate.SetResult();
        Served((await held).Response).ShouldBe("g");
        var (after, _) = await PostAsync("lb");
        Served(after).ShouldBe("g"); // nothing in flight again: the first target
    }

    [Fact]
    public async Task TargetQuota_IsRespected_TheNextTargetTakesTheRest_AndAllFullIsA429WithRetryAfter()
    {
        var served = new List<string>();
        for (int i = 0; i < 5; i++)
        {
            var (response, body) = await PostAsync("q");
            response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
            served.Add(Served(response));
        }

        served.ShouldBe(["g", "g", "g", "o", "o"]); // g's account takes 3 a minute
        Calls("g").ShouldBe(3);

        var (first, _) = await PostAsync("qq");
        var (refused, refusedBody) = await PostAsync("qq");
        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests, refusedBody);
        refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds.ShouldBeInRange(1, 60);
        Calls("a").ShouldBe(1); // Purser stayed under the quota instead of collecting the upstream's 429
    }

    [Fact]
    public async Task Cost_CheapestTargetFirst_AndFailoverStillWorks()
    {
        var (cheapest, _) = await PostAsync("cost");
        Served(cheapest).ShouldBe("g"); // g: $1 + $2 per million; o: $2 + $4; a: $3 + $6
        Route(cheapest).ShouldContain("balance:cost=g/gm");

        _h["g"].Fault = (_, http, _) => Faults.Status(http, _h["g"].Wire, 500);
        var (failedOver, body) = await PostAsync("cost");
        failedOver.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        Served(failedOver).ShouldBe("o"); // the next by the strategy
    }

    [Fact]
    public async Task Sticky_AConversationStaysOnItsDeployment_ANewOneIsBalanced()
    {
        var (first, _) = await PostAsync("st", "the same conversation");
        string home = Served(first);
        for (int i = 0; i < 5; i++)
        {
            var (again, _) = await PostAsync("st", "the same conversation");
            Served(again).ShouldBe(home);
            Route(again).ShouldContain("balance:sticky=");
        }

        var (other, _) = await PostAsync("st", "another conversation");
        Served(other).ShouldNotBe(home); // weights 1:1 alternate: the sticky calls did not take turns
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }
}
