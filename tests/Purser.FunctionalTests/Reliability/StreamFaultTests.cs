using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Purser.FunctionalTests.Infrastructure;
using Xunit.Abstractions;

namespace Purser.FunctionalTests.Reliability;

/// <summary>
/// Streams under faults through the real gateway: upstreams that reset the connection mid-stream, many at once, and
/// clients that read slowly or leave. Every client gets its protocol's end (an error event when the upstream broke),
/// nothing hangs, every call is one ledger row, and other callers are served meanwhile.
/// </summary>
public sealed class StreamFaultTests(ITestOutputHelper output)
{
    private static StringContent Stream(string path, int n) => new(path == "/v1/messages"
        ? $$"""{"model":"fake-model","max_tokens":50,"stream":true,"messages":[{"role":"user","content":"stream {{n}}"}]}"""
        : $$"""{"model":"fake-model","stream":true,"messages":[{"role":"user","content":"stream {{n}}"}]}""", Encoding.UTF8, "application/json");

    [Fact]
    public async Task UpstreamResetsMidStream_HundredAtOnce_EachEndsWithItsProtocolsError_NoHang_EveryCallRecorded()
    {
        const int Streams = 100;
        await using GatewayHarness h = await GatewayHarness.StartAsync(new OpenAIUpstreamWire(), c => c["Purser:Cache:Enabled"] = "false");
        h.Scenario.CutStreamAfterEvents = 2;
        h.Scenario.AbortOnCut = true; // a TCP reset after two events
        using HttpClient http = h.Gateway.CreateClient();
        DateTime started = DateTime.UtcNow;

        string[] failures = await Task.WhenAll(Enumerable.Range(0, Streams).Select(async n =>
        {
            string path = n % 2 == 0 ? "/v1/chat/completions" : "/v1/messages";
            using HttpResponseMessage response = await http.PostAsync(path, Stream(path, n)).WaitAsync(TimeSpan.FromSeconds(60));
            string body = await response.Content.ReadAsStringAsync();
            return Check(path, response.StatusCode, body);
        }));

        TimeSpan took = DateTime.UtcNow - started;
        output.WriteLine($"{Streams} streams reset mid-way: all ended in {took.TotalSeconds:F1} s");
        failures.Where(f => f.Length > 0).ShouldBeEmpty();
        var rows = LedgerDb.Rows(h.Gateway.Home, "SELECT outcome, status FROM ledger");
        rows.Count.ShouldBe(Streams);
        rows.ShouldAllBe(r => (string)r["outcome"]! != "ok" && (long)r["status"]! != 500);

        // The gateway is unharmed.
        h.Scenario.CutStreamAfterEvents = null;
        using HttpResponseMessage after = await http.PostAsync("/v1/chat/completions", Stream("/v1/chat/completions", -1));
        Sse.Parse(await after.Content.ReadAsStringAsync()).ShouldContain(e => e.Data == "[DONE]");
    }

    /// <summary>Empty when the answer is a proper end in the protocol: a 200 stream ending in an error event, or a 5xx error body (not 500).</summary>
    private static string Check(string path, HttpStatusCode status, string body)
    {
        if (status == HttpStatusCode.InternalServerError)
        {
            return $"{path}: 500 {body}";
        }

        if (status != HttpStatusCode.OK)
        {
            // Reset before the first event reached the gateway: an error in the protocol's shape instead of a stream.
            JsonNode? error = JsonNode.Parse(body)?["error"];
            return error is null ? $"{path}: {(int)status} without an error object: {body}" : "";
        }

        List<Sse.Event> events = Sse.Parse(body);
        bool endsInError = path == "/v1/messages"
            ? events.Count > 0 && events[^1].Name == "error" && !events.Any(e => e.Name == "message_stop")
            : events.Count > 0 && events[^1].Data.StartsWith('{') && JsonNode.Parse(events[^1].Data)!["error"] is not null && !events.Any(e => e.Data == "[DONE]");
        return endsInError ? "" : $"{path}: the stream did not end with an error event: {body[^Math.Min(300, body.Length)..]}";
    }

    [Fact]
    public async Task StalledReaders_DoNotHoldUpOthers_AndWhenTheyLeaveTheUpstreamIsCancelledAndTheRowWritten()
    {
        const int Stalled = 20;
        await using GatewayHarness h = await GatewayHarness.StartAsync(new OpenAIUpstreamWire(), c => c["Purser:Cache:Enabled"] = "false");
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int upstreamCancelled = 0;
        h.Upstream.Handler = async (http, request) =>
        {
            var scenario = new FakeScenario { HoldAfterFirstEvent = request.Body.Contains("stalled", StringComparison.Ordinal) ? hold : null };
            try
            {
                await h.Wire.AnswerAsync(http, request, scenario);
            }
            catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
            {
                Interlocked.Increment(ref upstreamCancelled); // the gateway let go of its upstream call
            }
        };
        using HttpClient http = h.Gateway.CreateClient();

        // Stalled readers take the headers and the first bytes, then read no more (their streams stay open).
        var readers = new List<(HttpResponseMessage Response, Stream Body)>();
        for (int n = 0; n < Stalled; n++)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
            {
                Content = new StringContent($$"""{"model":"fake-model","stream":true,"messages":[{"role":"user","content":"stalled {{n}}"}]}""", Encoding.UTF8, "application/json"),
            };
            HttpResponseMessage response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            Stream body = await response.Content.ReadAsStreamAsync();
            (await body.ReadAsync(new byte[16])).ShouldBeGreaterThan(0);
            readers.Add((response, body));
        }

        // Others are served meanwhile.
        DateTime started = DateTime.UtcNow;
        for (int n = 0; n < 20; n++)
        {
            using HttpResponseMessage quick = await http.PostAsync("/v1/chat/completions", new StringContent($$"""{"model":"fake-model","messages":[{"role":"user","content":"quick {{n}}"}]}""", Encoding.UTF8, "application/json"));
            quick.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        output.WriteLine($"20 calls beside {Stalled} stalled streams: {(DateTime.UtcNow - started).TotalMilliseconds:F0} ms");

        // The stalled readers leave: each upstream call is cancelled and each call recorded as cancelled.
        foreach (var (response, body) in readers)
        {
            body.Dispose();
            response.Dispose();
        }

        DateTime deadline = DateTime.UtcNow.AddSeconds(30);
        while ((long)LedgerDb.Scalar(h.Gateway.Home, "SELECT COUNT(*) FROM ledger")! < Stalled + 20 || Volatile.Read(ref upstreamCancelled) < Stalled)
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, $"within 30 s: {upstreamCancelled} upstream calls cancelled, rows {LedgerDb.Scalar(h.Gateway.Home, "SELECT COUNT(*) FROM ledger")}");
            await Task.Delay(50);
        }

        LedgerDb.Rows(h.Gateway.Home, "SELECT outcome FROM ledger WHERE stream = 1").ShouldAllBe(r => (string)r["outcome"]! == "cancelled");
    }
}
