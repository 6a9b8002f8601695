using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Purser.FunctionalTests.Infrastructure;

/// <summary>
/// A real gateway in front of three fake upstreams on loopback — gemini ("g", model "gm"), openai ("o", "om") and
/// anthropic ("a", "am") wires — chained by the alias <c>chain</c> (g → o → a), with prices, so the ledger's costs are
/// known. Each upstream answers per its <see cref="Fault"/> (default: a good answer); every request it receives is
/// timed with a stopwatch.
/// </summary>
public sealed class ChainHarness : IAsyncDisposable
{
    public static readonly string[] Names = ["g", "o", "a"];

    private ChainHarness(GatewayServer gateway, Dictionary<string, Upstream> upstreams)
    {
        Gateway = gateway;
        Upstreams = upstreams;
    }

    public GatewayServer Gateway { get; }

    public IReadOnlyDictionary<string, Upstream> Upstreams { get; }

    public Upstream this[string name] => Upstreams[name];

    /// <summary>Starts the chain. <paramref name="configure"/> adds or replaces configuration (retries default to 3 tries, 50 ms base).</summary>
    public static async Task<ChainHarness> StartAsync(Action<Dictionary<string, string?>>? configure = null, IReadOnlyDictionary<string, string>? kinds = null)
    {
        var upstreams = new Dictionary<string, Upstream>(StringComparer.Ordinal);
        var config = new Dictionary<string, string?>
        {
            ["Purser:Resilience:Retry:BaseDelayMs"] = "50",
            ["Purser:Resilience:Retry:MaxDelaySeconds"] = "5",
            ["Purser:Resilience:AttemptTimeoutSeconds"] = "10",
            ["Purser:Cache:Enabled"] = "false", // every call must reach the chain
        };
        string[] wires = ["gemini", "openai", "anthropic"];
        for (int i = 0; i < Names.Length; i++)
        {
            string name = Names[i];
            string kind = kinds?.GetValueOrDefault(name) ?? wires[i];
            UpstreamWire wire = Wires.Create(kind);
            FakeUpstream fake = await FakeUpstream.StartAsync();
            var upstream = new Upstream(name, wire, fake);
            fake.Handler = upstream.HandleAsync;
            upstreams[name] = upstream;
            config[$"Purser:Providers:{name}:Kind"] = wire.Kind;
            config[$"Purser:Providers:{name}:BaseUrl"] = wire.BaseUrl(fake.Url);
            config[$"Purser:Providers:{name}:ApiKey"] = "test-key-" + name;
            config[$"Purser:Providers:{name}:Models:0"] = name + "m";
            config[$"Purser:Pricing:{name}/{name}m:Input"] = (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            config[$"Purser:Pricing:{name}/{name}m:Output"] = (2 * (i + 1)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            config[$"Purser:Models:chain:Targets:{i}"] = $"{name}/{name}m";
        }

        configure?.Invoke(config);
        GatewayServer gateway = await GatewayServer.StartAsync(config);
        return new ChainHarness(gateway, upstreams);
    }

    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        foreach (Upstream upstream in Upstreams.Values)
        {
            await upstream.Fake.DisposeAsync();
        }
    }

    /// <summary>One fake upstream of the chain.</summary>
    public sealed class Upstream(string name, UpstreamWire wire, FakeUpstream fake)
    {
        private static readonly Stopwatch Clock = Stopwatch.StartNew();
        private int _calls;

        public string Name { get; } = name;

        public UpstreamWire Wire { get; } = wire;

        public FakeUpstream Fake { get; } = fake;

        public FakeScenario Scenario { get; } = new() { Answer = new FakeAnswer("Answer from " + name) { InputTokens = 100, CachedTokens = 0, OutputTokens = 20, ReasoningTokens = 0 } };

        /// <summary>How to answer call n (1-based): null = per <see cref="Scenario"/>.</summary>
        public Func<int, HttpContext, ReceivedRequest, Task<bool>>? Fault { get; set; }

        public int Calls => Volatile.Read(ref _calls);

        /// <summary>When each request arrived (since an arbitrary start).</summary>
        public ConcurrentQueue<TimeSpan> Arrivals { get; } = new();

        internal async Task HandleAsync(HttpContext http, ReceivedRequest request)
        {
            int n = Interlocked.Increment(ref _calls);
            Arrivals.Enqueue(Clock.Elapsed);
            if (Fault is { } fault && await fault(n, http, request))
            {
                return;
            }

            await Wire.AnswerAsync(http, request, Scenario);
        }
    }

    /// <summary>Faults a test can inject; each returns true when it answered.</summary>
    public static class Faults
    {
        public static async Task<bool> Status(HttpContext http, UpstreamWire wire, int status, params (string Name, string Value)[] headers)
        {
            http.Response.StatusCode = status;
            http.Response.ContentType = "application/json";
            foreach (var (name, value) in headers)
            {
                http.Response.Headers[name] = value;
            }

            await http.Response.WriteAsync(wire.ErrorBody(status, "injected failure"));
            return true;
        }

        /// <summary>Resets the connection without any response.</summary>
        public static Task<bool> Reset(HttpContext http)
        {
            http.Abort();
            return Task.FromResult(true);
        }

        /// <summary>Never answers (until the gateway gives up and closes the connection).</summary>
        public static async Task<bool> Hang(HttpContext http)
        {
            try
            {
                await Task.Delay(Timeout.Infinite, http.RequestAborted);
            }
            catch (OperationCanceledException)
            {
            }

            return true;
        }

        /// <summary>Sends a streaming response's headers, then never its first event.</summary>
        public static async Task<bool> SlowFirstByte(HttpContext http)
        {
            http.Response.StatusCode = 200;
            http.Response.ContentType = "text/event-stream";
            await http.Response.Body.FlushAsync();
            return await Hang(http);
        }

        /// <summary>Sends the first stream event, waits for <paramref name="release"/>, then resets the connection.</summary>
        public static async Task<bool> CutAfterFirstEvent(HttpContext http, UpstreamWire wire, ReceivedRequest request, FakeAnswer answer, Task release)
        {
            http.Response.StatusCode = 200;
            http.Response.ContentType = "text/event-stream";
            await http.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(wire.StreamEvents(request, answer)[0]));
            await http.Response.Body.FlushAsync();
            await release.WaitAsync(http.RequestAborted);
            http.Abort();
            return true;
        }
    }
}
