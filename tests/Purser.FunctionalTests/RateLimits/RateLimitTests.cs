using System.ClientModel;
using System.ClientModel.Primitives;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using OpenAI;
using OpenAI.Chat;
using Purser.FunctionalTests.Infrastructure;

namespace Purser.FunctionalTests.RateLimits;

/// <summary>
/// Rate limits through the real gateway (one per class, OpenAI upstream wire on loopback): a key's RPM and TPM, a
/// per-user limit from configuration, the 429 in each inbound protocol's format with Retry-After and the
/// x-ratelimit-* headers, /api/keys, and the official OpenAI .NET SDK backing off by itself.
/// </summary>
public sealed class RateLimitTests(RateLimitTests.Fixture fixture) : IClassFixture<RateLimitTests.Fixture>
{
    private const string Master = "master-key-for-rate-limits";

    private GatewayHarness H => fixture.Harness;

    public sealed class Fixture : IAsyncLifetime
    {
        public GatewayHarness Harness { get; private set; } = null!;

        public async Task InitializeAsync() => Harness = await GatewayHarness.StartAsync(new OpenAIUpstreamWire(), config =>
        {
            config["Purser:Auth:MasterKey"] = Master;
            config["Purser:Cache:Enabled"] = "false";
            config["Purser:RateLimits:Users:*:Rpm"] = "1";
            config[$"Purser:Pricing:{GatewayHarness.Provider}/{GatewayHarness.Model}:Input"] = "1";
            config[$"Purser:Pricing:{GatewayHarness.Provider}/{GatewayHarness.Model}:Output"] = "2";
        });

        public async Task DisposeAsync() => await Harness.DisposeAsync();
    }

    private HttpClient Admin()
    {
        HttpClient http = H.Gateway.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Master);
        return http;
    }

    private async Task<(string Id, string Key)> CreateKeyAsync(string body)
    {
        using HttpClient admin = Admin();
        using HttpResponseMessage response = await admin.PostAsync("/api/keys", new StringContent(body, Encoding.UTF8, "application/json"));
        string text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.Created, text);
        JsonNode created = JsonNode.Parse(text)!;
        return (created["id"]!.GetValue<string>(), created["key"]!.GetValue<string>());
    }

    private async Task<(HttpResponseMessage Response, string Body)> ChatAsync(string key, int maxTokens = 50, string path = "/v1/chat/completions", string? user = null)
    {
        using HttpClient http = H.Gateway.CreateClient();
        string body = path.Contains("generateContent", StringComparison.Ordinal)
            ? """{"contents":[{"role":"user","parts":[{"text":"hi"}]}]}"""
            : $$"""{"model":"{{GatewayHarness.Model}}","max_tokens":{{maxTokens}},"messages":[{"role":"user","content":"hi"}]}""";
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add(path.Contains("generateContent", StringComparison.Ordinal) ? "x-goog-api-key" : "x-api-key", key);
        if (user is not null)
        {
            request.Headers.Add("x-purser-user", user);
        }

        HttpResponseMessage response = await http.SendAsync(request);
        return (response, await response.Content.ReadAsStringAsync());
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out IEnumerable<string>? values) ? values.Single() : throw new ShouldAssertException($"no {name} header");

    [Fact]
    public async Task KeyRpm_OverTheLimit_429InEachProtocolsFormatWithRetryAfterAndRateLimitHeaders()
    {
        (_, string key) = await CreateKeyAsync("""{"name":"rpm-two","rpm":2}""");

        var (first, _) = await ChatAsync(key);
        var (second, _) = await ChatAsync(key);
        var (openai, openaiBody) = await ChatAsync(key);
        var (anthropic, anthropicBody) = await ChatAsync(key, path: "/v1/messages");
        var (gemini, geminiBody) = await ChatAsync(key, path: $"/v1beta/models/{GatewayHarness.Model}:generateContent");

        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        Header(first, "x-ratelimit-limit-requests").ShouldBe("2");
        Header(first, "x-ratelimit-remaining-requests").ShouldBe("1");
        Header(second, "x-ratelimit-remaining-requests").ShouldBe("0");
        Header(second, "x-ratelimit-reset-requests").ShouldEndWith("s");
        first.Headers.Contains("x-ratelimit-limit-tokens").ShouldBeFalse(); // no token limit on this key

        foreach (HttpResponseMessage refused in (HttpResponseMessage[])[openai, anthropic, gemini])
        {
            refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
            int retryAfter = int.Parse(Header(refused, "Retry-After"), CultureInfo.InvariantCulture);
            retryAfter.ShouldBeInRange(1, 30); // 2 a minute: one back every 30 s
            double.Parse(Header(refused, "retry-after-ms"), CultureInfo.InvariantCulture).ShouldBeInRange(1, 30_000);
            Header(refused, "x-ratelimit-limit-requests").ShouldBe("2");
            Header(refused, "x-ratelimit-remaining-requests").ShouldBe("0");
        }

        JsonNode o = JsonNode.Parse(openaiBody)!["error"]!;
        o["code"]!.GetValue<string>().ShouldBe("rate_limit_exceeded");
        o["message"]!.GetValue<string>().ShouldContain("requests per minute (RPM): Limit 2");
        JsonNode a = JsonNode.Parse(anthropicBody)!;
        (a["type"]!.GetValue<string>(), a["error"]!["type"]!.GetValue<string>()).ShouldBe(("error", "rate_limit_error"));
        JsonNode g = JsonNode.Parse(geminiBody)!["error"]!;
        (g["code"]!.GetValue<int>(), g["status"]!.GetValue<string>()).ShouldBe((429, "RESOURCE_EXHAUSTED"));
        H.Upstream.CallCount.ShouldBeGreaterThanOrEqualTo(2);
    }

    [Fact]
    public async Task KeyTpm_TakesTheWorstCaseBeforeTheCallAndOnlyTheUsedTokensAfter()
    {
        // 1,000 tokens a minute; each call may use its prompt + 800 output tokens but uses 160 (120 + 40).
        (string id, string key) = await CreateKeyAsync("""{"name":"tpm","tpm":1000}""");

        var (first, _) = await ChatAsync(key, maxTokens: 800);
        var (second, _) = await ChatAsync(key, maxTokens: 800);
        var (third, body) = await ChatAsync(key, maxTokens: 800);

        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        second.StatusCode.ShouldBe(HttpStatusCode.OK);

        // After the first: 1,000 - 160 (corrected from the worst case), plus what refilled meanwhile.
        long.Parse(Header(first, "x-ratelimit-remaining-tokens"), CultureInfo.InvariantCulture).ShouldBeInRange(840, 900);
        Header(first, "x-ratelimit-limit-tokens").ShouldBe("1000");

        // 680 left is enough for two more calls' real usage but not for a third call's worst case: refused before it is sent.
        third.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests, body);
        JsonNode.Parse(body)!["error"]!["message"]!.GetValue<string>().ShouldContain("tokens per minute (TPM): Limit 1000");

        using HttpClient admin = Admin();
        JsonNode listed = JsonNode.Parse(await admin.GetStringAsync("/api/keys"))!.AsArray().Single(k => k!["id"]!.GetValue<string>() == id)!;
        listed["tpm"]!.GetValue<long>().ShouldBe(1000);
        listed["remaining_tokens"]!.GetValue<long>().ShouldBeInRange(680, 800);
        listed["rpm"].ShouldBeNull();
    }

    [Fact]
    public async Task UserWildcardLimit_EachUserCountedApart()
    {
        (_, string key) = await CreateKeyAsync("""{"name":"users"}""");

        var (alice, _) = await ChatAsync(key, user: "alice");
        var (aliceAgain, body) = await ChatAsync(key, user: "alice");
        var (bob, _) = await ChatAsync(key, user: "bob");

        alice.StatusCode.ShouldBe(HttpStatusCode.OK);
        aliceAgain.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        JsonNode.Parse(body)!["error"]!["message"]!.GetValue<string>().ShouldContain("user alice");
        bob.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task CreateKey_InvalidLimit_400NamingTheField()
    {
        using HttpClient admin = Admin();
        using HttpResponseMessage response = await admin.PostAsync("/api/keys", new StringContent("""{"name":"bad","rpm":0}""", Encoding.UTF8, "application/json"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("'rpm' must be at least 1");
    }

    [Fact]
    public async Task OfficialOpenAISdk_BacksOffOnRetryAfterAndSucceeds()
    {
        // 20 a minute: one comes back every 3 s. The 21st call is refused once; the SDK waits as told and retries.
        (_, string key) = await CreateKeyAsync("""{"name":"sdk","rpm":20}""");
        int refused = 0;
        var observed = new ChatClient(GatewayHarness.Model, new ApiKeyCredential(key), new OpenAIClientOptions
        {
            Endpoint = new Uri(H.Url + "/v1"),
            NetworkTimeout = TimeSpan.FromSeconds(60),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 3),
            Transport = new HttpClientPipelineTransport(new HttpClient(new CountingHandler(() => Interlocked.Increment(ref refused)) { InnerHandler = new HttpClientHandler() })),
        });

        for (int i = 0; i < 20; i++)
        {
            (await observed.CompleteChatAsync([new UserChatMessage("call " + i)])).Value.Content[0].Text.ShouldNotBeEmpty();
        }

        var watch = Stopwatch.StartNew();
        ChatCompletion last = (await observed.CompleteChatAsync([new UserChatMessage("one more")])).Value;

        last.Content[0].Text.ShouldNotBeEmpty();
        refused.ShouldBeGreaterThanOrEqualTo(1);
        watch.Elapsed.ShouldBeGreaterThan(TimeSpan.FromSeconds(1)); // it waited for the limit rather than failing
    }

    /// <summary>Counts the 429 answers that reach the SDK's transport (each is then retried by the SDK's own policy).</summary>
    private sealed class CountingHandler(Action on429) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            HttpResponseMessage response = await base.SendAsync(request, cancellationToken);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                on429();
            }

            return response;
        }
    }
}
