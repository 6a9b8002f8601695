using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Nodes;
using Purser.FunctionalTests.Infrastructure;

namespace Purser.FunctionalTests.Reliability;

/// <summary>
/// Purser:Limits:MaxInFlightBodyBytes through the real gateway: past it a 503 with Retry-After in the endpoint's
/// protocol, before anything reaches the upstream; room comes back when requests end; a client that sends slowly
/// holds only what it has sent (slow-drip clients cannot fill the cap by announcing large bodies).
/// </summary>
public sealed class InFlightBodyCapTests
{
    private const int Limit = 1024 * 1024;
    private const int Cap = 2 * 1024 * 1024;

    private static Task<GatewayHarness> StartAsync() => GatewayHarness.StartAsync(new OpenAIUpstreamWire(), c =>
    {
        c["Purser:Limits:MaxRequestBodyBytes"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        c["Purser:Limits:MaxInFlightBodyBytes"] = Cap.ToString(System.Globalization.CultureInfo.InvariantCulture);
        c["Purser:Cache:Enabled"] = "false"; // identical calls would wait for one another, not hold two bodies
    });

    private static int s_requests;

    private static StringContent Request(string path, int bytes)
    {
        string padding = Interlocked.Increment(ref s_requests) + new string('x', bytes - 210);
        string json = path == "/v1/messages"
            ? $$"""{"model":"fake-model","max_tokens":5,"messages":[{"role":"user","content":"{{padding}}"}]}"""
            : $$"""{"model":"fake-model","messages":[{"role":"user","content":"{{padding}}"}]}""";
        return new StringContent(json, Encoding.UTF8, "application/json");
    }

    [Theory]
    [InlineData("/v1/chat/completions")]
    [InlineData("/v1/messages")]
    public async Task BodiesPastTheCap_Are503WithRetryAfterInTheProtocolsFormat_AndTheRoomComesBack(string path)
    {
        await using GatewayHarness h = await StartAsync();
        using HttpClient http = h.Gateway.CreateClient();
        h.Scenario.HoldBeforeAnswer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // Two 900 KB bodies wait at the upstream, holding 1.8 of the 2 MiB.
        Task<HttpResponseMessage>[] held = [http.PostAsync(path, Request(path, 900_000)), http.PostAsync(path, Request(path, 900_000))];
        await WaitUntilAsync(() => h.Upstream.CallCount == 2);
        using HttpResponseMessage refused = await http.PostAsync(path, Request(path, 900_000));
        JsonObject error = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!.AsObject();

        refused.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        refused.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(1));
        refused.Headers.GetValues("x-purser-request-id").Single().ShouldStartWith("req_");
        if (path == "/v1/messages")
        {
            error["type"]!.GetValue<string>().ShouldBe("error");
            error["error"]!["type"]!.GetValue<string>().ShouldBe("overloaded_error");
            error["error"]!["message"]!.GetValue<string>().ShouldContain("MaxInFlightBodyBytes");
        }
        else
        {
            error["error"]!["code"]!.GetValue<string>().ShouldBe("overloaded");
            error["error"]!["purser_error_kind"]!.GetValue<string>().ShouldBe("unavailable");
        }

        h.Upstream.CallCount.ShouldBe(2); // refused before it cost anything
        (await InFlightAsync(http))["refused"]!.GetValue<long>().ShouldBe(1);

        h.Scenario.HoldBeforeAnswer.SetResult();
        foreach (HttpResponseMessage done in await Task.WhenAll(held))
        {
            done.StatusCode.ShouldBe(HttpStatusCode.OK);
            done.Dispose();
        }

        await WaitUntilAsync(async () => (await InFlightAsync(http))["in_flight_bytes"]!.GetValue<long>() == 0);
        using HttpResponseMessage again = await http.PostAsync(path, Request(path, 900_000));
        again.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task SlowDripClients_HoldOnlyWhatTheySent_AndOthersAreServedMeanwhile()
    {
        await using GatewayHarness h = await StartAsync();
        using HttpClient http = h.Gateway.CreateClient();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        const int SlowClients = 20; // together they announce 20 MB, ten times the cap
        var sent = new StrongBox<int>();

        Task<HttpResponseMessage>[] slow = [.. Enumerable.Range(0, SlowClients).Select(_ =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = new DripContent(1_000_000, 2048, gate.Task, sent) };
            return http.SendAsync(request);
        })];
        await WaitUntilAsync(() => Task.FromResult(Volatile.Read(ref sent.Value) == SlowClients));
        await WaitUntilAsync(async () => (await InFlightAsync(http))["in_flight_bytes"]!.GetValue<long>() >= SlowClients * 2048);
        long holding = (await InFlightAsync(http))["in_flight_bytes"]!.GetValue<long>();

        // While they trickle, a full-size body still fits, and is served.
        using HttpResponseMessage normal = await http.PostAsync("/v1/chat/completions", Request("/v1/chat/completions", 900_000));

        holding.ShouldBeLessThanOrEqualTo(SlowClients * 16 * 1024); // the first buffer each, not the 20 MB announced
        normal.StatusCode.ShouldBe(HttpStatusCode.OK);
        // The slow ones finish: not JSON (a 400) when their megabyte fits, a 503 when the cap has no room left for it.
        gate.SetResult();
        foreach (HttpResponseMessage response in await Task.WhenAll(slow))
        {
            response.StatusCode.ShouldBeOneOf(HttpStatusCode.BadRequest, HttpStatusCode.ServiceUnavailable);
            response.Dispose();
        }

        await WaitUntilAsync(async () => (await InFlightAsync(http))["in_flight_bytes"]!.GetValue<long>() == 0);
    }

    private static async Task<JsonNode> InFlightAsync(HttpClient http)
    {
        using HttpResponseMessage ready = await http.GetAsync("/health/ready");
        return JsonNode.Parse(await ready.Content.ReadAsStringAsync())!["request_bodies"]!;
    }

    private static Task WaitUntilAsync(Func<bool> condition) => WaitUntilAsync(() => Task.FromResult(condition()));

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, "the condition did not hold within 30 s");
            await Task.Delay(20);
        }
    }

    /// <summary>A body of a declared length that sends its first bytes, then waits for a gate before sending the rest.</summary>
    private sealed class DripContent : HttpContent
    {
        private readonly int _length;
        private readonly int _first;
        private readonly Task _gate;
        private readonly StrongBox<int> _sent;

        public DripContent(int length, int first, Task gate, StrongBox<int> sent)
        {
            (_length, _first, _gate, _sent) = (length, first, gate, sent);
            Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json"); // JSON endpoints take nothing else (415)
        }

        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            byte[] bytes = new byte[_length];
            bytes.AsSpan().Fill((byte)'z');
            await stream.WriteAsync(bytes.AsMemory(0, _first));
            await stream.FlushAsync();
            Interlocked.Increment(ref _sent.Value);
            await _gate;
            await stream.WriteAsync(bytes.AsMemory(_first));
        }

        protected override bool TryComputeLength(out long length1)
        {
            length1 = _length;
            return true;
        }
    }
}
