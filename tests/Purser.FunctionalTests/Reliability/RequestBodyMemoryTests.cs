using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Purser.FunctionalTests.Infrastructure;
using Xunit.Abstractions;

namespace Purser.FunctionalTests.Reliability;

/// <summary>
/// The audit's memory case: 40 concurrent 9 MB bodies against the gateway running as its own process (so its peak
/// working set is its own). Before: a peak of 2.9 to 4.8 GB. Now the in-flight cap admits what fits and answers the
/// rest 503 with Retry-After, and the peak stays under <see cref="PeakLimitBytes"/> (docs/RELIABILITY.md).
/// </summary>
public sealed class RequestBodyMemoryTests(ITestOutputHelper output)
{
    private const int Bodies = 40;
    private const int BodyBytes = 9_100_000;

    /// <summary>The stated peak: measured 0.37 to 0.47 GB on a 2-core machine (docs/RELIABILITY.md), with room for GC timing.</summary>
    private const long PeakLimitBytes = 768L * 1024 * 1024;

    [Fact]
    public async Task FortyConcurrentNineMegabyteBodies_PeakWorkingSetStaysBounded_TheRestToldToRetry()
    {
        await using FakeUpstream upstream = await FakeUpstream.StartAsync();
        upstream.KeepBodies = false;
        upstream.Handler = (http, _) =>
        {
            http.Response.ContentType = "application/json";
            return http.Response.WriteAsync("""{"id":"c1","object":"chat.completion","created":1,"model":"fake-model","choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}],"usage":{"prompt_tokens":2000000,"completion_tokens":1,"total_tokens":2000001}}""");
        };
        string home = Path.Combine(Path.GetTempPath(), "purser-memory-" + Guid.NewGuid().ToString("N"));
        string config = """
            {"Purser":{"Providers":{"up":{"Kind":"openai","BaseUrl":"UPSTREAM/v1","ApiKey":"k","Models":["fake-model"],"TimeoutSeconds":120}},
              "Resilience":{"Retry":{"MaxAttempts":1}}}}
            """.Replace("UPSTREAM", upstream.Url, StringComparison.Ordinal);
        byte[] template = Body();
        byte[][] bodies = [.. Enumerable.Range(0, Bodies).Select(n => Distinct(template, n))]; // different prompts: no cache hits
        int served;
        await using (GatewayProcess gateway = await GatewayProcess.StartAsync(home, config))
        {
            long atStart = gateway.WorkingSetBytes;
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Bodies }) { BaseAddress = new Uri(gateway.Url), Timeout = TimeSpan.FromSeconds(300) };
            DateTime started = DateTime.UtcNow;

            (HttpStatusCode Status, string Body, TimeSpan? RetryAfter)[] answers = await Task.WhenAll(bodies.Select(async body =>
            {
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                using HttpResponseMessage response = await http.PostAsync("/v1/chat/completions", content);
                return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.RetryAfter?.Delta);
            }));

            long peak = gateway.PeakWorkingSetBytes;
            using HttpResponseMessage ready = await http.GetAsync("/health/ready");
            JsonNode inFlight = JsonNode.Parse(await ready.Content.ReadAsStringAsync())!["request_bodies"]!;
            served = answers.Count(a => a.Status == HttpStatusCode.OK);
            output.WriteLine($"{Bodies} bodies of {BodyBytes:N0} bytes at once: {served} served, {Bodies - served} told to retry, " +
                $"{(DateTime.UtcNow - started).TotalSeconds:F1} s; peak working set {peak / 1048576.0:F0} MiB (at start {atStart / 1048576.0:F0} MiB); " +
                $"peak in flight {inFlight["peak_in_flight_bytes"]} of {inFlight["max_in_flight_bytes"]} bytes");

            foreach (var (status, body, retryAfter) in answers.Where(a => a.Status != HttpStatusCode.OK))
            {
                // Refused for the cap: OpenAI's error shape and a Retry-After, never a reset or a 500.
                status.ShouldBe(HttpStatusCode.ServiceUnavailable, body);
                JsonNode.Parse(body)!["error"]!["code"]!.GetValue<string>().ShouldBe("overloaded");
                retryAfter.ShouldBe(TimeSpan.FromSeconds(1));
            }

            served.ShouldBeGreaterThan(0);
            served.ShouldBeLessThan(Bodies); // 40 bodies do not fit in 64 MiB at once
            upstream.CallCount.ShouldBe(served);
            // Each forwarded whole (a little smaller: Purser writes "ï" as UTF-8 where the client wrote \u00ef).
            upstream.BodyBytes.ShouldBeGreaterThan((long)served * 6_500_000);
            inFlight["peak_in_flight_bytes"]!.GetValue<long>().ShouldBeLessThanOrEqualTo(inFlight["max_in_flight_bytes"]!.GetValue<long>());
            peak.ShouldBeLessThan(PeakLimitBytes, $"peak working set {peak / 1048576} MiB");
        }

        ((long)LedgerDb.Scalar(home, "SELECT COUNT(*) FROM ledger")!).ShouldBe(served);
        Directory.Delete(home, recursive: true);
    }

    /// <summary>A copy of <paramref name="template"/> whose prompt starts with another client number.</summary>
    private static byte[] Distinct(byte[] template, int client)
    {
        byte[] copy = (byte[])template.Clone();
        int at = template.AsSpan().IndexOf("client 00"u8) + "client "u8.Length;
        copy[at] = (byte)('0' + (client / 10));
        copy[at + 1] = (byte)('0' + (client % 10));
        return copy;
    }

    /// <summary>A 9.1 MB chat request whose prompt is code: newlines, quotes and tabs to escape, some non-ASCII.</summary>
    internal static byte[] Body(int bytes = BodyBytes)
    {
        const string Line = "    if (value < limit) { return \"naïve\\tcafé\"; } // line\n";
        int escapedLine = System.Text.Json.JsonSerializer.Serialize(Line).Length - 2;
        var prompt = new StringBuilder(bytes).Append("client 00\n");
        for (int i = 0; i < (bytes - 200) / escapedLine; i++)
        {
            prompt.Append(Line);
        }

        var request = new JsonObject
        {
            ["model"] = "up/fake-model",
            ["max_tokens"] = 5,
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = prompt.ToString() }),
        };
        byte[] body = Encoding.UTF8.GetBytes(request.ToJsonString());
        body.Length.ShouldBeInRange(bytes - 300, bytes);
        return body;
    }
}
