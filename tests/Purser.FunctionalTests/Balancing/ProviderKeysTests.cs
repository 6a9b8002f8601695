using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Purser.FunctionalTests.Infrastructure;

namespace Purser.FunctionalTests.Balancing;

/// <summary>
/// One provider with two API keys (<c>ApiKeys</c>, read from the environment) in front of one fake OpenAI upstream on
/// loopback that checks the Authorization header: each key is its own deployment, so the strategies spread calls over
/// the keys, a 429 or 401 on one key falls over to the other, each key has its own quota, and the ledger records which
/// key served by its label, never the key.
/// </summary>
public sealed class ProviderKeysTests(ProviderKeysTests.Fixture fixture) : IClassFixture<ProviderKeysTests.Fixture>, IDisposable
{
    private const string KeyOne = "sk-pool-first-7c1e";
    private const string KeyTwo = "sk-pool-second-93ab";

    private readonly Fixture _f = fixture;
    private readonly int _before1 = fixture.Calls(KeyOne);
    private readonly int _before2 = fixture.Calls(KeyTwo);

    public void Dispose()
    {
        _f.Faults.Clear();
    }

    private int Calls1 => _f.Calls(KeyOne) - _before1;

    private int Calls2 => _f.Calls(KeyTwo) - _before2;

    public sealed class Fixture : IAsyncLifetime
    {
        private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);

        public GatewayServer Gateway { get; private set; } = null!;

        public FakeUpstream Upstream { get; private set; } = null!;

        /// <summary>A status to answer instead, per key (by its value as the upstream sees it).</summary>
        public ConcurrentDictionary<string, (int Status, string? RetryAfter)> Faults { get; } = new(StringComparer.Ordinal);

        public int Calls(string key) => _calls.GetValueOrDefault(key);

        public async Task InitializeAsync()
        {
            var wire = new OpenAIUpstreamWire();
            var scenario = new FakeScenario { Answer = new FakeAnswer("pooled answer") { InputTokens = 10, CachedTokens = 0, OutputTokens = 5, ReasoningTokens = 0 } };
            Upstream = await FakeUpstream.StartAsync();
            Upstream.Handler = async (http, request) =>
            {
                string auth = request.Headers.GetValueOrDefault("Authorization") ?? "";
                string key = auth.StartsWith("Bearer ", StringComparison.Ordinal) ? auth["Bearer ".Length..] : "";
                if (key is not (KeyOne or KeyTwo))
                {
                    http.Response.StatusCode = 401;
                    await http.Response.WriteAsync(wire.ErrorBody(401, "Incorrect API key provided"));
                    return;
                }

                _calls.AddOrUpdate(key, 1, (_, n) => n + 1);
                if (Faults.TryGetValue(key, out var fault))
                {
                    http.Response.StatusCode = fault.Status;
                    http.Response.ContentType = "application/json";
                    if (fault.RetryAfter is { } wait)
                    {
                        http.Response.Headers.RetryAfter = wait;
                    }

                    await http.Response.WriteAsync(wire.ErrorBody(fault.Status, "refused for " + key));
                    return;
                }

                await wire.AnswerAsync(http, request, scenario);
            };

            var config = new Dictionary<string, string?>
            {
                ["Purser:Providers:pool:Kind"] = "openai",
                ["Purser:Providers:pool:BaseUrl"] = wire.BaseUrl(Upstream.Url),
                ["Purser:Providers:pool:ApiKeys:0"] = "env:PURSER_TEST_POOL_KEY_1",
                ["Purser:Providers:pool:ApiKeys:1"] = "env:PURSER_TEST_POOL_KEY_2",
                ["Purser:Pricing:pool/pm:Input"] = "1",
                ["Purser:Pricing:pool/pm:Output"] = "2",
                ["Purser:Models:spread:Targets:0"] = "pool/pm",
                ["Purser:Models:spread:Strategy"] = "weighted",
                ["Purser:Models:spread:Sticky"] = "false",
                ["Purser:Models:quota:Targets:0"] = "pool/pq",
                ["Purser:Models:quota:PerTarget:pool/pq:Rpm"] = "2",
                ["Purser:Resilience:Retry:MaxAttempts"] = "1",
                ["Purser:Cache:Enabled"] = "false",
            };
            var environment = new Dictionary<string, string> { ["PURSER_TEST_POOL_KEY_1"] = KeyOne, ["PURSER_TEST_POOL_KEY_2"] = KeyTwo };
            Gateway = await GatewayServer.StartAsync(config, environment);
        }

        public async Task DisposeAsync()
        {
            await Gateway.DisposeAsync();
            await Upstream.DisposeAsync();
        }
    }

    private async Task<(HttpResponseMessage Response, string Body)> PostAsync(string model)
    {
        using HttpClient http = _f.Gateway.CreateClient();
        string body = $$"""{"model":"{{model}}","messages":[{"role":"user","content":"hi"}]}""";
        HttpResponseMessage response = await http.PostAsync("/v1/chat/completions", new StringContent(body, Encoding.UTF8, "application/json"));
        return (response, await response.Content.ReadAsStringAsync());
    }

    private async Task<List<Dictionary<string, object?>>> LedgerAsync(string sql)
    {
        await ((Ledger.LedgerWriter)_f.Gateway.Services.GetService(typeof(Ledger.LedgerWriter))!).FlushAsync();
        return LedgerDb.Rows(_f.Gateway.Home, sql);
    }

    private static string Route(HttpResponseMessage response) => response.Headers.GetValues("x-purser-route").Single();

    [Fact]
    public async Task Weighted_SpreadsTheCallsOverTheKeys_TheRouteNamesTheKeyByItsLabel()
    {
        var routes = new List<string>();
        for (int i = 0; i < 10; i++)
        {
            var (response, body) = await PostAsync("spread");
            response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
            routes.Add(Route(response));
        }

        // Equal weights alternate exactly: each key took half of the calls.
        Calls1.ShouldBe(5);
        Calls2.ShouldBe(5);
        routes.Count(r => r.EndsWith("balance:weighted=pool/pm#key1", StringComparison.Ordinal)).ShouldBe(5);
        routes.Count(r => r.EndsWith("balance:weighted=pool/pm#key2", StringComparison.Ordinal)).ShouldBe(5);
        routes.ShouldAllBe(r => !r.Contains(KeyOne) && !r.Contains(KeyTwo));
    }

    [Fact]
    public async Task RateLimitedKey_FallsOverToTheOtherKey_ThenCoolsDown_AndTheLedgerNamesTheKeysByLabel()
    {
        _f.Faults[KeyOne] = (429, "60");

        var (first, body) = await PostAsync("pool/p429");
        first.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        Calls1.ShouldBe(1);
        Calls2.ShouldBe(1);

        // Key 1 asked callers to wait a minute: the next call goes straight to key 2.
        var (second, _) = await PostAsync("pool/p429");
        second.StatusCode.ShouldBe(HttpStatusCode.OK);
        Calls1.ShouldBe(1);
        Calls2.ShouldBe(2);

        List<Dictionary<string, object?>> rows = await LedgerAsync("SELECT * FROM ledger WHERE model = 'p429' ORDER BY id");
        rows.Count.ShouldBe(2);
        rows.ShouldAllBe(r => (string)r["deployment"]! == "pool/p429" && (string)r["provider"]! == "pool"); // reports group by provider/model
        List<Dictionary<string, object?>> attempts = await LedgerAsync(
            "SELECT a.* FROM ledger_attempts a JOIN ledger l ON l.id = a.ledger_id WHERE l.model = 'p429' ORDER BY a.ledger_id, a.number");
        attempts.Select(a => (string)a["deployment"]!).ShouldBe(["pool/p429#key1", "pool/p429#key2", "pool/p429#key2"]);
        string everything = string.Join("\n", rows.Concat(attempts).SelectMany(r => r.Values).Select(v => v?.ToString()));
        everything.ShouldNotContain(KeyOne);
        everything.ShouldNotContain(KeyTwo);
    }

    [Fact]
    public async Task RefusedKey_401_FallsOverToTheOtherKey_AndTheAnswerShowsNoKey()
    {
        _f.Faults[KeyOne] = (401, null);

        var (response, body) = await PostAsync("pool/p401");

        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        body.ShouldContain("pooled answer");
        Calls1.ShouldBe(1);
        Calls2.ShouldBe(1);
        List<Dictionary<string, object?>> attempts = await LedgerAsync(
            "SELECT a.* FROM ledger_attempts a JOIN ledger l ON l.id = a.ledger_id WHERE l.model = 'p401' ORDER BY a.number");
        attempts.Select(a => (string)a["deployment"]!).ShouldBe(["pool/p401#key1", "pool/p401#key2"]);
    }

    [Fact]
    public async Task BothKeysRefused_IsA502UpstreamAuth_WithNeitherKeyInIt()
    {
        _f.Faults[KeyOne] = (401, null);
        _f.Faults[KeyTwo] = (401, null);

        var (response, body) = await PostAsync("pool/pboth");

        response.StatusCode.ShouldBe(HttpStatusCode.BadGateway, body); // Purser's credentials, not the caller's, were refused
        body.ShouldContain("upstream_auth");
        body.ShouldNotContain(KeyOne);
        body.ShouldNotContain(KeyTwo);
        Calls1.ShouldBe(1);
        Calls2.ShouldBe(1);
    }

    [Fact]
    public async Task TargetQuota_HoldsForEachKeyOnItsOwn()
    {
        var routes = new List<string>();
        for (int i = 0; i < 4; i++)
        {
            var (response, body) = await PostAsync("quota");
            response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
            routes.Add(Route(response));
        }

        // Rpm 2 is each key's own account quota: two calls on key 1, then two on key 2, then none left.
        Calls1.ShouldBe(2);
        Calls2.ShouldBe(2);
        var (full, fullBody) = await PostAsync("quota");
        ((int)full.StatusCode).ShouldBe(429, fullBody);
        Calls1.ShouldBe(2);
        Calls2.ShouldBe(2);
    }
}
