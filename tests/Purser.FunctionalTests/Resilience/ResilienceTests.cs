using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Purser.FunctionalTests.Infrastructure;
using Faults = Purser.FunctionalTests.Infrastructure.ChainHarness.Faults;

namespace Purser.FunctionalTests.Resilience;

/// <summary>
/// Retries, fallback and circuit breaking through the real gateway against fault-injecting fake upstreams on loopback:
/// gemini → openai → anthropic wires behind the alias <c>chain</c>.
/// </summary>
public sealed class ResilienceTests
{
    private const string Chat = """{"model":"chain","messages":[{"role":"user","content":"hi"}]}""";
    private const string ChatStream = """{"model":"chain","stream":true,"messages":[{"role":"user","content":"hi"}]}""";

    private static async Task<(HttpResponseMessage Response, string Body)> PostAsync(HttpClient http, string body, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        HttpResponseMessage response = await http.SendAsync(request);
        return (response, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The answer's text, from a completion or a stream of chunks.</summary>
    private static string AnswerText(string body) => body.StartsWith("data:", StringComparison.Ordinal)
        ? string.Concat(Sse.Parse(body).Where(e => e.Data.StartsWith('{')).Select(e => JsonNode.Parse(e.Data)!["choices"]?.AsArray().FirstOrDefault()?["delta"]?["content"]?.GetValue<string>()))
        : JsonNode.Parse(body)!["choices"]![0]!["message"]!["content"]!.GetValue<string>();

    private static List<Dictionary<string, object?>> Attempts(ChainHarness h) =>
        LedgerDb.Rows(h.Gateway.Home, "SELECT * FROM ledger_attempts ORDER BY ledger_id, number");

    [Fact]
    public async Task RateLimitedWithRetryAfter_RetriesTheSameDeploymentNoSoonerThanAsked()
    {
        // A 1 s backoff: the upstream's 400 ms wait is shorter, so the same deployment is retried after exactly that.
        await using ChainHarness h = await ChainHarness.StartAsync(c => c["Purser:Resilience:Retry:BaseDelayMs"] = "1000");
        h["g"].Fault = (n, http, _) => n == 1 ? Faults.Status(http, h["g"].Wire, 429, ("retry-after-ms", "400")) : Task.FromResult(false);
        using HttpClient http = h.Gateway.CreateClient();

        var (response, body) = await PostAsync(http, Chat);

        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        response.Headers.GetValues("x-purser-provider").Single().ShouldBe("g");
        TimeSpan[] arrivals = [.. h["g"].Arrivals];
        arrivals.Length.ShouldBe(2);
        (arrivals[1] - arrivals[0]).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(400));
        h["o"].Calls.ShouldBe(0);
        Attempts(h).Select(a => a["outcome"]).ShouldBe(["rate_limited", "ok"]);
    }

    [Fact]
    public async Task RetryAfterLongerThanTheCap_FallsBackAtOnceAndLaterCallsGoElsewhereFirst()
    {
        await using ChainHarness h = await ChainHarness.StartAsync();
        h["g"].Fault = (_, http, _) => Faults.Status(http, h["g"].Wire, 429, ("retry-after", "120"));
        using HttpClient http = h.Gateway.CreateClient();

        var (first, _) = await PostAsync(http, Chat);
        var (second, _) = await PostAsync(http, Chat);

        first.Headers.GetValues("x-purser-provider").Single().ShouldBe("o");
        second.Headers.GetValues("x-purser-provider").Single().ShouldBe("o");
        h["g"].Calls.ShouldBe(1); // asked for 120 s: not retried, and left alone by the next call
        LedgerDb.Rows(h.Gateway.Home)[1]["route_reason"]!.ToString()!.ShouldContain("g/gm last (asked to wait");
    }

    [Fact]
    public async Task DeploymentThatAskedToWait_ServesAgainAfterItsRetryAfter_WhenEveryOtherDeploymentFailed()
    {
        // g asks for 1 s; o and a fail for good. Rather than fail the client, the call comes back to g — after its wait.
        await using ChainHarness h = await ChainHarness.StartAsync(c =>
        {
            c["Purser:Resilience:Providers:o:MaxAttempts"] = "1";
            c["Purser:Resilience:Providers:a:MaxAttempts"] = "1";
        });
        h["g"].Fault = (n, http, _) => n == 1 ? Faults.Status(http, h["g"].Wire, 429, ("retry-after", "1")) : Task.FromResult(false);
        h["o"].Fault = (_, http, _) => Faults.Status(http, h["o"].Wire, 500);
        h["a"].Fault = (_, http, _) => Faults.Status(http, h["a"].Wire, 503);
        using HttpClient http = h.Gateway.CreateClient();

        var (response, body) = await PostAsync(http, Chat);

        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        response.Headers.GetValues("x-purser-provider").Single().ShouldBe("g");
        TimeSpan[] arrivals = [.. h["g"].Arrivals];
        arrivals.Length.ShouldBe(2);
        (arrivals[1] - arrivals[0]).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(990));
        Attempts(h).Select(a => a["outcome"]).ShouldBe(["rate_limited", "upstream_http", "upstream_http", "ok"]);
        LedgerDb.Rows(h.Gateway.Home).Single()["route_reason"]!.ToString()!.ShouldContain("waited 1 s for g/gm (Retry-After)");
    }

    [Fact]
    public async Task RetryAfterGivenToOneCall_HoldsForTheRetriesOfAnother()
    {
        // Call A's first try on g is held until call B got a 429 asking for 1.5 s; A's retry (50 ms backoff) then
        // waits for the rest of B's wait rather than calling g at once. g is the only deployment (no fallback).
        await using ChainHarness h = await ChainHarness.StartAsync(c =>
        {
            c["Purser:Models:solo:Targets:0"] = "g/gm";
            c["Purser:Resilience:Retry:BaseDelayMs"] = "50";
        });
        var rateLimited = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        h["g"].Fault = async (n, http, request) =>
        {
            if (request.Body.Contains("first", StringComparison.Ordinal) && n == 1)
            {
                await rateLimited.Task;
                return await Faults.Status(http, h["g"].Wire, 500);
            }

            if (request.Body.Contains("second", StringComparison.Ordinal) && n == 2)
            {
                await Faults.Status(http, h["g"].Wire, 429, ("retry-after-ms", "1500"));
                rateLimited.SetResult();
                return true;
            }

            return false;
        };
        using HttpClient http = h.Gateway.CreateClient();

        Task<(HttpResponseMessage, string)> a = PostAsync(http, """{"model":"solo","messages":[{"role":"user","content":"first"}]}""");
        while (h["g"].Calls == 0)
        {
            await Task.Delay(10);
        }

        var (b, bBody) = await PostAsync(http, """{"model":"solo","messages":[{"role":"user","content":"second"}]}""");
        var (aResponse, aBody) = await a;

        aResponse.StatusCode.ShouldBe(HttpStatusCode.OK, aBody);
        b.StatusCode.ShouldBe(HttpStatusCode.OK, bBody);
        TimeSpan[] arrivals = [.. h["g"].Arrivals];
        arrivals.Length.ShouldBe(4);
        foreach (TimeSpan later in arrivals.Skip(2))
        {
            (later - arrivals[1]).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(1490)); // nobody called g inside its wait
        }
    }

    [Fact]
    public async Task BurstOf500s_RetriedThenServed_EveryAttemptInTheLedger()
    {
        await using ChainHarness h = await ChainHarness.StartAsync();
        h["g"].Fault = (n, http, _) => n <= 2 ? Faults.Status(http, h["g"].Wire, 500) : Task.FromResult(false);
        using HttpClient http = h.Gateway.CreateClient();

        var (response, body) = await PostAsync(http, Chat);

        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        JsonNode.Parse(body)!["choices"]![0]!["message"]!["content"]!.GetValue<string>().ShouldBe("Answer from g");
        Dictionary<string, object?> row = LedgerDb.Rows(h.Gateway.Home).Single();
        row["attempts"].ShouldBe(3L);
        row["outcome"].ShouldBe("ok");
        Attempts(h).Select(a => a["outcome"]).ShouldBe(["upstream_http", "upstream_http", "ok"]);
        Attempts(h).Select(a => a["upstream_status"]).ShouldBe([500L, 500L, null]);
    }

    [Fact]
    public async Task UpstreamTimesOut_EachAttemptEndsAtThePerRequestTimeout_ThenTheNextProviderServes()
    {
        await using ChainHarness h = await ChainHarness.StartAsync(c => c["Purser:Resilience:Providers:g:MaxAttempts"] = "2");
        h["g"].Fault = (_, http, _) => Faults.Hang(http);
        using HttpClient http = h.Gateway.CreateClient();

        var (response, body) = await PostAsync(http, Chat, ("x-purser-timeout", "300ms"));

        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        response.Headers.GetValues("x-purser-provider").Single().ShouldBe("o");
        List<Dictionary<string, object?>> attempts = Attempts(h);
        attempts.Select(a => a["outcome"]).ShouldBe(["timeout", "timeout", "ok"]);
        // Each attempt ends at the 300 ms timeout: not before it (allowing the timer's few ms of
        // coarseness against the stopwatch) and not long after it (the hang would otherwise run on).
        attempts.Take(2).ShouldAllBe(a => (double)a["elapsed_ms"]! >= 280 && (double)a["elapsed_ms"]! < 5000);
    }

    [Fact]
    public async Task TimeoutHeaderLongerThanTheOperators_DoesNotHoldTheCallPastTheTotalDeadline()
    {
        await using ChainHarness h = await ChainHarness.StartAsync(c =>
        {
            c["Purser:Resilience:TotalDeadlineSeconds"] = "2";
            c["Purser:Resilience:AttemptTimeoutSeconds"] = "1";
        });
        foreach (string provider in new[] { "g", "o", "a" })
        {
            h[provider].Fault = (_, http, _) => Faults.Hang(http);
        }

        using HttpClient http = h.Gateway.CreateClient();
        http.Timeout = TimeSpan.FromSeconds(30);

        var (response, body) = await PostAsync(http, Chat, ("x-purser-timeout", "3600"));

        response.StatusCode.ShouldBe(HttpStatusCode.GatewayTimeout, body);
        Attempts(h).ShouldAllBe(a => (double)a["elapsed_ms"]! < 5000);
    }

    [Fact]
    public async Task InvalidTimeoutHeader_Is400InTheClientsFormat()
    {
        await using ChainHarness h = await ChainHarness.StartAsync();
        using HttpClient http = h.Gateway.CreateClient();

        var (response, body) = await PostAsync(http, Chat, ("x-purser-timeout", "soon"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        JsonNode.Parse(body)!["error"]!["message"]!.GetValue<string>().ShouldContain("x-purser-timeout");
        h["g"].Calls.ShouldBe(0);
    }

    [Fact]
    public async Task ConnectionRefused_FallsBackToTheNextProvider()
    {
        int closedPort;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            closedPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        await using ChainHarness h = await ChainHarness.StartAsync(c => c["Purser:Providers:g:BaseUrl"] = $"http://127.0.0.1:{closedPort}/v1beta");
        using HttpClient http = h.Gateway.CreateClient();

        var (response, body) = await PostAsync(http, Chat);

        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        response.Headers.GetValues("x-purser-provider").Single().ShouldBe("o");
        Attempts(h).Select(a => a["outcome"]).ShouldBe(["connection", "connection", "connection", "ok"]);
    }

    [Fact]
    public async Task ConnectionReset_IsRetriedAsAConnectionFailure()
    {
        await using ChainHarness h = await ChainHarness.StartAsync();
        h["g"].Fault = (n, http, _) => n == 1 ? Faults.Reset(http) : Task.FromResult(false);
        using HttpClient http = h.Gateway.CreateClient();

        var (response, body) = await PostAsync(http, Chat);

        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        response.Headers.GetValues("x-purser-provider").Single().ShouldBe("g");
        Attempts(h).Select(a => a["outcome"]).ShouldBe(["connection", "ok"]);
    }

    [Fact]
    public async Task StreamWithSlowFirstByte_TimesOutBeforeTheClientGotAnything_AndTheNextProviderStreams()
    {
        await using ChainHarness h = await ChainHarness.StartAsync(c => c["Purser:Resilience:Providers:g:MaxAttempts"] = "1");
        h["g"].Fault = (_, http, _) => Faults.SlowFirstByte(http);
        using HttpClient http = h.Gateway.CreateClient();

        var (response, body) = await PostAsync(http, ChatStream, ("x-purser-timeout", "0.5"));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.GetValues("x-purser-provider").Single().ShouldBe("o");
        List<Sse.Event> events = Sse.Parse(body);
        events[^1].Data.ShouldBe("[DONE]");
        string text = string.Concat(events.Where(e => e.Data.StartsWith('{')).Select(e => JsonNode.Parse(e.Data)!["choices"]?.AsArray().FirstOrDefault()?["delta"]?["content"]?.GetValue<string>()));
        text.ShouldBe("Answer from o");
        Attempts(h).Select(a => a["outcome"]).ShouldBe(["timeout", "ok"]);
    }

    [Fact]
    public async Task StreamCutAfterItsFirstByteReachedTheClient_IsNotRetried_ClientGetsAnErrorEvent()
    {
        await using ChainHarness h = await ChainHarness.StartAsync();
        var clientHasFirstBytes = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        h["g"].Fault = (_, http, request) => Faults.CutAfterFirstEvent(http, h["g"].Wire, request, h["g"].Scenario.Answer, clientHasFirstBytes.Task);
        using HttpClient http = h.Gateway.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = new StringContent(ChatStream, Encoding.UTF8, "application/json") };

        using HttpResponseMessage response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        string first = (await reader.ReadLineAsync())!;
        clientHasFirstBytes.SetResult(); // now the upstream connection resets
        string body = first + "\n" + await reader.ReadToEndAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        List<Sse.Event> events = Sse.Parse(body);
        events.ShouldNotContain(e => e.Data == "[DONE]");
        JsonNode.Parse(events[^1].Data)!["error"]!["purser_error_kind"]!.GetValue<string>().ShouldBe("invalid_response");
        h["g"].Calls.ShouldBe(1);
        h["o"].Calls.ShouldBe(0);
        LedgerDb.Rows(h.Gateway.Home).Single()["attempts"].ShouldBe(1L);
    }

    [Fact]
    public async Task RejectedRequest_IsNeitherRetriedNorSentElsewhere()
    {
        await using ChainHarness h = await ChainHarness.StartAsync();
        h["g"].Fault = (_, http, _) => Faults.Status(http, h["g"].Wire, 400);
        using HttpClient http = h.Gateway.CreateClient();

        var (response, _) = await PostAsync(http, Chat);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        h["g"].Calls.ShouldBe(1);
        h["o"].Calls.ShouldBe(0);
    }

    [Fact]
    public async Task ApiProviders_ShowsTheOpenCircuitTheFailureRatioAndTheLastErrorKind()
    {
        await using ChainHarness h = await ChainHarness.StartAsync(c =>
        {
            c["Purser:Resilience:Retry:MaxAttempts"] = "1";
            c["Purser:Resilience:CircuitBreaker:MinimumThroughput"] = "2";
        });
        h["g"].Fault = (_, http, _) => Faults.Status(http, h["g"].Wire, 503);
        using HttpClient http = h.Gateway.CreateAdminClient();
        for (int i = 0; i < 3; i++)
        {
            var (response, body) = await PostAsync(http, Chat);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        }

        JsonObject health = JsonNode.Parse(await http.GetStringAsync("/api/providers"))!.AsObject();

        JsonNode g = health["providers"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == "g")!;
        JsonNode gm = g["deployments"]!.AsArray().Single()!;
        g["status"]!.GetValue<string>().ShouldBe("down");
        gm["circuit"]!.GetValue<string>().ShouldBe("open");
        gm["failure_ratio"]!.GetValue<double>().ShouldBe(1);
        gm["last_error_kind"]!.GetValue<string>().ShouldBe("upstream_http");
        gm["last_error_status"]!.GetValue<int>().ShouldBe(503);
        gm["open_until"].ShouldNotBeNull();
        h["g"].Calls.ShouldBe(2); // the third call skipped the open circuit
        JsonNode o = health["providers"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == "o")!;
        o["status"]!.GetValue<string>().ShouldBe("healthy");
        o["deployments"]![0]!["total_attempts"]!.GetValue<long>().ShouldBe(3);
        health["providers"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == "a")!["status"]!.GetValue<string>().ShouldBe("idle");
    }

    [Fact]
    public async Task Chaos_OneOfThreeProvidersFailsAtRandom_ClientSeesNoErrorAndNothingIsBilledTwice()
    {
        await using ChainHarness h = await ChainHarness.StartAsync(c =>
        {
            c["Purser:Resilience:Retry:BaseDelayMs"] = "20";
            c["Purser:Resilience:CircuitBreaker:BreakDurationSeconds"] = "1";
            c["Purser:Resilience:CircuitBreaker:MinimumThroughput"] = "4";
        });
        var random = new Random(7);
        string broken = "g";
        foreach (string name in ChainHarness.Names)
        {
            ChainHarness.Upstream upstream = h[name];
            upstream.Fault = (_, http, request) =>
            {
                if (Volatile.Read(ref broken) != name)
                {
                    return Task.FromResult(false);
                }

                int pick;
                lock (random)
                {
                    pick = random.Next(4);
                }

                return pick switch
                {
                    0 => Faults.Status(http, upstream.Wire, 500),
                    1 => Faults.Status(http, upstream.Wire, 429, ("retry-after-ms", "30")),
                    2 => Faults.Reset(http),
                    _ => Faults.Status(http, upstream.Wire, 503),
                };
            };
        }

        using HttpClient http = h.Gateway.CreateClient();
        const int rounds = 12;
        const int perRound = 6;
        for (int round = 0; round < rounds; round++)
        {
            Volatile.Write(ref broken, ChainHarness.Names[round % 3]);
            var calls = Enumerable.Range(0, perRound).Select(i => PostAsync(http, i % 2 == 0 ? Chat : ChatStream, ("x-purser-timeout", "5")));
            foreach (var (response, body) in await Task.WhenAll(calls))
            {
                response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
                AnswerText(body).ShouldStartWith("Answer from ", Case.Sensitive, body);
                body.ShouldNotContain("\"error\"");
            }
        }

        List<Dictionary<string, object?>> rows = LedgerDb.Rows(h.Gateway.Home);
        rows.Count.ShouldBe(rounds * perRound);
        rows.ShouldAllBe(r => (string)r["outcome"]! == "ok");
        long attempts = (long)LedgerDb.Scalar(h.Gateway.Home, "SELECT COUNT(*) FROM ledger_attempts")!;
        attempts.ShouldBe(rows.Sum(r => (long)r["attempts"]!));
        attempts.ShouldBeGreaterThan(rows.Count); // failures happened and were absorbed
        // Each call is billed exactly what its attempts were billed: failed attempts carry no tokens, the served one its own.
        LedgerDb.Scalar(h.Gateway.Home, "SELECT COUNT(*) FROM ledger_attempts WHERE outcome <> 'ok' AND (input_tokens > 0 OR cost_pico > 0)").ShouldBe(0L);
        LedgerDb.Scalar(h.Gateway.Home, "SELECT COUNT(*) FROM ledger_attempts WHERE outcome = 'ok'").ShouldBe((long)rows.Count);
        LedgerDb.Scalar(h.Gateway.Home, "SELECT SUM(cost_pico) FROM ledger").ShouldBe(LedgerDb.Scalar(h.Gateway.Home, "SELECT SUM(cost_pico) FROM ledger_attempts"));
        LedgerDb.Scalar(h.Gateway.Home, "SELECT COUNT(*) FROM ledger l WHERE cost_pico <> (SELECT SUM(cost_pico) FROM ledger_attempts a WHERE a.ledger_id = l.id)").ShouldBe(0L);
    }
}
