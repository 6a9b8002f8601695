using System.Net;
using System.Text;
using Purser.FunctionalTests.Infrastructure;
using Xunit.Abstractions;

namespace Purser.FunctionalTests.Reliability;

/// <summary>
/// 1,000 streams open at once through the gateway running as its own process, against a fake upstream on loopback:
/// no errors, every stream complete with its cost, every call one ledger row (strict durability), and the
/// gateway's peak working set under <see cref="PeakLimitBytes"/> (docs/RELIABILITY.md).
/// </summary>
public sealed class ConcurrentStreamsTests(ITestOutputHelper output)
{
    private const int Streams = 1000;

    /// <summary>The stated peak for 1,000 open streams: measured well under it (docs/RELIABILITY.md), with room for GC timing.</summary>
    private const long PeakLimitBytes = 512L * 1024 * 1024;

    [Fact]
    public async Task ThousandConcurrentStreams_NoErrors_EveryRowWritten_MemoryBounded()
    {
        await using FakeUpstream upstream = await FakeUpstream.StartAsync();
        var wire = new OpenAIUpstreamWire();
        var scenario = new FakeScenario { HoldAfterFirstEvent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        int opened = 0;
        upstream.Handler = (http, request) =>
        {
            Interlocked.Increment(ref opened);
            return wire.AnswerAsync(http, request, scenario);
        };
        string home = Path.Combine(Path.GetTempPath(), "purser-streams-" + Guid.NewGuid().ToString("N"));
        string config = """
            {"Purser":{"Providers":{"up":{"Kind":"openai","BaseUrl":"UPSTREAM/v1","ApiKey":"k","Models":["fake-model"],"TimeoutSeconds":120}},
              "Resilience":{"Retry":{"MaxAttempts":1}},"Cache":{"Enabled":false}}}
            """.Replace("UPSTREAM", upstream.Url, StringComparison.Ordinal);
        await using (GatewayProcess gateway = await GatewayProcess.StartAsync(home, config))
        {
            long atStart = gateway.WorkingSetBytes;
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Streams }) { BaseAddress = new Uri(gateway.Url), Timeout = TimeSpan.FromSeconds(180) };
            DateTime started = DateTime.UtcNow;

            Task<string>[] streams = [.. Enumerable.Range(0, Streams).Select(async n =>
            {
                using var content = new StringContent($$"""{"model":"up/fake-model","stream":true,"messages":[{"role":"user","content":"stream {{n}}"}]}""", Encoding.UTF8, "application/json");
                using HttpResponseMessage response = await http.PostAsync("/v1/chat/completions", content);
                string body = await response.Content.ReadAsStringAsync();
                return response.StatusCode == HttpStatusCode.OK ? body : $"HTTP {(int)response.StatusCode}: {body}";
            })];

            // Every stream open at once: each upstream holds after its first event until all are in.
            DateTime deadline = DateTime.UtcNow.AddSeconds(120);
            while (Volatile.Read(ref opened) < Streams)
            {
                DateTime.UtcNow.ShouldBeLessThan(deadline, $"only {opened} of {Streams} streams opened within 120 s");
                await Task.Delay(50);
            }

            long whileOpen = gateway.WorkingSetBytes;
            scenario.HoldAfterFirstEvent.SetResult();
            string[] bodies = await Task.WhenAll(streams);
            TimeSpan took = DateTime.UtcNow - started;
            long peak = gateway.PeakWorkingSetBytes;

            string[] errors = [.. bodies.Where(b => !b.Contains("data: [DONE]", StringComparison.Ordinal) || !b.Contains(": x-purser-cost-usd=", StringComparison.Ordinal))];
            output.WriteLine($"{Streams} concurrent streams: {errors.Length} errors, {took.TotalSeconds:F1} s, working set {atStart / 1048576.0:F0} MiB at start, " +
                $"{whileOpen / 1048576.0:F0} MiB with all open ({(whileOpen - atStart) / 1024.0 / Streams:F0} KiB a stream), peak {peak / 1048576.0:F0} MiB");
            errors.ShouldBeEmpty(errors.FirstOrDefault());
            peak.ShouldBeLessThan(PeakLimitBytes, $"peak working set {peak / 1048576} MiB");
        }

        ((long)LedgerDb.Scalar(home, "SELECT COUNT(*) FROM ledger WHERE outcome = 'ok'")!).ShouldBe(Streams);
        Directory.Delete(home, recursive: true);
    }
}
