using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Purser.FunctionalTests.Infrastructure;
using Purser.Gateway.Telemetry;
using Purser.Telemetry;
using static Purser.FunctionalTests.Caching.CacheCalls;

namespace Purser.FunctionalTests.Telemetry;

/// <summary>
/// Purser's spans and metrics (GenAI semantic conventions) seen through OpenTelemetry's in-memory exporter, the
/// incoming traceparent carried to the upstream, and GET /metrics scraped and parsed.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed partial class TelemetryTests
{
    private const string MasterKey = "telemetry-master-key";
    private const string Question = "What does the secret sauce contain?";

    [Fact]
    public async Task Spans_ACallAndItsAttempt_CarryTheGenAiAttributes_ContinueTheIncomingTrace_AndNeverThePrompt()
    {
        var spans = new List<Activity>();
        await using GatewayHarness h = await GatewayHarness.StartAsync(new OpenAIUpstreamWire(), Prices, services =>
            services.AddOpenTelemetry().WithTracing(t => GatewayTelemetry.AddPurserSources(t).AddInMemoryExporter(spans)));
        using HttpClient http = h.Gateway.CreateClient();
        var traceId = ActivityTraceId.CreateRandom();
        var parent = ActivitySpanId.CreateRandom();

        (HttpResponseMessage response, string body) = await ChatAsync(
            http,
            OpenAIBody(Question),
            ("traceparent", $"00-{traceId}-{parent}-01"),
            ("x-purser-project", "otel"),
            ("x-purser-agent", "tracer"));

        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        string requestId = Header(response, "x-purser-request-id");
        Activity[] mine;
        lock (spans)
        {
            mine = [.. spans.Where(s => (string?)s.GetTagItem("purser.request_id") == requestId)];
        }

        Activity call = mine.Single(s => s.Kind == ActivityKind.Internal);
        Activity attempt = mine.Single(s => s.Kind == ActivityKind.Client);
        Activity server;
        lock (spans)
        {
            server = spans.Single(s => s.Kind == ActivityKind.Server && s.SpanId == call.ParentSpanId);
        }

        server.ParentSpanId.ShouldBe(parent);
        call.DisplayName.ShouldBe("chat fake-model");
        call.TraceId.ShouldBe(traceId);
        attempt.TraceId.ShouldBe(traceId);
        attempt.ParentSpanId.ShouldBe(call.SpanId);
        Tag(call, "gen_ai.operation.name").ShouldBe("chat");
        Tag(call, "gen_ai.provider.name").ShouldBe("up");
        Tag(call, "gen_ai.request.model").ShouldBe("fake-model");
        Tag(call, "gen_ai.response.model").ShouldBe("fake-model");
        call.GetTagItem("gen_ai.usage.input_tokens").ShouldBe(120L);
        call.GetTagItem("gen_ai.usage.output_tokens").ShouldBe(40L);
        call.GetTagItem("purser.cost_usd").ShouldBe((double)AnswerCost);
        Tag(call, "purser.cache.status").ShouldBe("miss");
        Tag(call, "purser.project").ShouldBe("otel");
        Tag(call, "purser.agent").ShouldBe("tracer");
        Tag(call, "purser.route").ShouldNotBeNullOrEmpty();
        Tag(attempt, "purser.deployment").ShouldBe("up/fake-model");
        attempt.GetTagItem("gen_ai.usage.input_tokens").ShouldBe(120L);
        call.Status.ShouldBe(ActivityStatusCode.Unset);

        // The upstream call carries the trace on (its parent is the HTTP client's span under the attempt).
        string upstreamParent = h.Upstream.LastRequest.Headers["traceparent"];
        upstreamParent.ShouldStartWith($"00-{traceId}-");
        upstreamParent.Split('-')[2].ShouldNotBe(parent.ToString());

        // Metadata only: the prompt and the answer are in no attribute.
        string answer = Text(body);
        foreach (Activity span in mine)
        {
            foreach (KeyValuePair<string, object?> tag in span.TagObjects)
            {
                Convert.ToString(tag.Value, CultureInfo.InvariantCulture)!.ShouldNotContain("secret sauce", Case.Insensitive, tag.Key);
                Convert.ToString(tag.Value, CultureInfo.InvariantCulture)!.ShouldNotContain(answer, Case.Insensitive, tag.Key);
            }
        }
    }

    [Fact]
    public async Task Spans_AFailedCall_HaveErrorTypeAndErrorStatus()
    {
        var spans = new List<Activity>();
        await using GatewayHarness h = await GatewayHarness.StartAsync(new OpenAIUpstreamWire(), Prices, services =>
            services.AddOpenTelemetry().WithTracing(t => GatewayTelemetry.AddPurserSources(t).AddInMemoryExporter(spans)));
        h.Scenario.ErrorStatus = 503;
        using HttpClient http = h.Gateway.CreateClient();

        (HttpResponseMessage response, _) = await ChatAsync(http, OpenAIBody("fail please"));

        string requestId = Header(response, "x-purser-request-id");
        Activity[] mine;
        lock (spans)
        {
            mine = [.. spans.Where(s => (string?)s.GetTagItem("purser.request_id") == requestId)];
        }

        Activity call = mine.Single(s => s.Kind == ActivityKind.Internal);
        Tag(call, "error.type").ShouldBe("upstream_http");
        call.Status.ShouldBe(ActivityStatusCode.Error);
        Activity attempt = mine.Single(s => s.Kind == ActivityKind.Client);
        Tag(attempt, "error.type").ShouldBe("upstream_http");
        attempt.GetTagItem("http.response.status_code").ShouldBe(503);
    }

    [Fact]
    public async Task Embeddings_SpansAndMetrics_AreLabelledEmbeddingsNotChat()
    {
        var spans = new List<Activity>();
        var metrics = new List<Metric>();
        await using GatewayHarness h = await GatewayHarness.StartAsync(
            new OpenAIUpstreamWire(),
            c =>
            {
                c["Purser:Providers:sim:Kind"] = "simulated";
                c["Purser:Providers:sim:Models:0"] = "sim-embed";
            },
            services => services.AddOpenTelemetry()
                .WithTracing(t => GatewayTelemetry.AddPurserSources(t).AddInMemoryExporter(spans))
                .WithMetrics(m => m.AddMeter(PurserTelemetry.Name).AddInMemoryExporter(metrics)));
        using HttpClient http = h.Gateway.CreateClient();

        using HttpResponseMessage response = await http.PostAsync(
            "/v1/embeddings",
            new StringContent("""{"model":"sim/sim-embed","input":["first text","second text"]}""", System.Text.Encoding.UTF8, "application/json"));
        string body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        string requestId = Header(response, "x-purser-request-id");
        h.Gateway.Services.GetRequiredService<MeterProvider>().ForceFlush();

        Activity[] mine;
        lock (spans)
        {
            mine = [.. spans.Where(s => (string?)s.GetTagItem("purser.request_id") == requestId)];
        }

        Activity call = mine.Single(s => s.Kind == ActivityKind.Internal);
        Activity attempt = mine.Single(s => s.Kind == ActivityKind.Client);
        call.DisplayName.ShouldBe("embeddings sim/sim-embed");
        Tag(call, "gen_ai.operation.name").ShouldBe("embeddings");
        attempt.DisplayName.ShouldBe("embeddings sim-embed");
        Tag(attempt, "gen_ai.operation.name").ShouldBe("embeddings");
        Dictionary<string, Metric> byName;
        lock (metrics)
        {
            byName = metrics.GroupBy(m => m.Name).ToDictionary(g => g.Key, g => g.Last());
        }

        Histogram(byName["gen_ai.client.operation.duration"], ("gen_ai.operation.name", "embeddings")).Count.ShouldBe(1);
        Histogram(byName["gen_ai.client.operation.duration"], ("gen_ai.operation.name", "chat")).Count.ShouldBe(0);
        Histogram(byName["gen_ai.client.token.usage"], ("gen_ai.operation.name", "embeddings"), ("gen_ai.token.type", "input")).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Metrics_TokenUsageDurationCostAndCache_AreRecordedPerCall()
    {
        var metrics = new List<Metric>();
        await using GatewayHarness h = await GatewayHarness.StartAsync(new OpenAIUpstreamWire(), Prices, services =>
            services.AddOpenTelemetry().WithMetrics(m => m.AddMeter(PurserTelemetry.Name).AddInMemoryExporter(metrics)));
        using HttpClient http = h.Gateway.CreateClient();
        (string, string) review = ("x-purser-operation", "code_review");

        await ChatAsync(http, OpenAIBody("Review this."), review);
        await ChatAsync(http, OpenAIBody("Review this."), review);
        await ChatAsync(http, OpenAIBody("Something else."), review);
        // The Prometheus reader cannot be pushed (it answers false); the in-memory one is collected all the same.
        h.Gateway.Services.GetRequiredService<MeterProvider>().ForceFlush();

        Dictionary<string, Metric> byName;
        lock (metrics)
        {
            byName = metrics.GroupBy(m => m.Name).ToDictionary(g => g.Key, g => g.Last());
        }

        // Two calls went upstream (the second "Review this." was a cache hit): 2 × 120 input and 2 × 40 output tokens.
        (long Count, double Sum) input = Histogram(byName["gen_ai.client.token.usage"], ("gen_ai.token.type", "input"));
        input.ShouldBe((2L, 240d));
        Histogram(byName["gen_ai.client.token.usage"], ("gen_ai.token.type", "output")).ShouldBe((2L, 80d));
        byName["gen_ai.client.token.usage"].Unit.ShouldBe("{token}");
        Histogram(byName["gen_ai.client.operation.duration"], ("gen_ai.request.model", "fake-model")).Count.ShouldBe(3);
        byName["gen_ai.client.operation.duration"].Unit.ShouldBe("s");
        SumDouble(byName["purser.cost"]).ShouldBe((double)(2 * AnswerCost), 1e-12);
        SumLong(byName["purser.cache.hits"]).ShouldBe(1);
        SumLong(byName["purser.cache.misses"]).ShouldBe(2);
        SumDouble(byName["purser.cache.savings"]).ShouldBe((double)AnswerCost, 1e-12);
        SumLong(byName["purser.calls"]).ShouldBe(3);
        byName.ShouldContainKey("purser.ledger.queue.depth");
        byName.ShouldContainKey("purser.circuits.open");
    }

    [Fact]
    public async Task Metrics_BudgetRemainingGauge_RetriesAndFallbacks()
    {
        var metrics = new List<Metric>();
        await using GatewayHarness h = await GatewayHarness.StartAsync(new OpenAIUpstreamWire(), c =>
        {
            Prices(c);
            c["Purser:Resilience:Retry:MaxAttempts"] = "3";
            c["Purser:Resilience:Retry:BaseDelayMs"] = "5";
            c["Purser:Resilience:Retry:Jitter"] = "false";
            c["Purser:Budgets:Items:daily:Limit"] = "5";
        }, services => services.AddOpenTelemetry().WithMetrics(m => m.AddMeter(PurserTelemetry.Name).AddInMemoryExporter(metrics)));
        int calls = 0;
        Func<Microsoft.AspNetCore.Http.HttpContext, ReceivedRequest, Task> answer = h.Upstream.Handler;
        h.Upstream.Handler = (context, request) =>
        {
            if (Interlocked.Increment(ref calls) <= 2)
            {
                context.Response.StatusCode = 503;
                return Task.CompletedTask;
            }

            return answer(context, request);
        };
        using HttpClient http = h.Gateway.CreateClient();

        (HttpResponseMessage response, _) = await ChatAsync(http, OpenAIBody("Third time lucky."));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        // The Prometheus reader cannot be pushed (it answers false); the in-memory one is collected all the same.
        h.Gateway.Services.GetRequiredService<MeterProvider>().ForceFlush();
        Dictionary<string, Metric> byName;
        lock (metrics)
        {
            byName = metrics.GroupBy(m => m.Name).ToDictionary(g => g.Key, g => g.Last());
        }

        SumLong(byName["purser.retries"]).ShouldBe(2);
        byName.ShouldNotContainKey("purser.fallbacks");
        double remaining = Gauge(byName["purser.budget.remaining"], ("purser.budget", "daily"));
        remaining.ShouldBe((double)(5 - AnswerCost), 1e-9);
    }

    [Fact]
    public async Task MetricsEndpoint_NeedsTheMasterKey_AndServesPrometheusText()
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(new OpenAIUpstreamWire(), c =>
        {
            Prices(c);
            c["Purser:Auth:MasterKey"] = MasterKey;
        });
        using HttpClient http = h.Gateway.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", MasterKey);
        await ChatAsync(http, OpenAIBody("Count my tokens."), ("x-purser-project", "scraped"));

        using HttpClient anonymous = h.Gateway.CreateClient();
        (await anonymous.GetAsync("/metrics")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        HttpResponseMessage scrape = await http.GetAsync("/metrics");

        scrape.StatusCode.ShouldBe(HttpStatusCode.OK);
        scrape.Content.Headers.ContentType!.MediaType.ShouldBe("text/plain");
        List<Sample> samples = Parse(await scrape.Content.ReadAsStringAsync());
        samples.Single(s => s.Name == "gen_ai_client_token_usage_sum" && s.Labels["gen_ai_token_type"] == "input").Value.ShouldBe(120);
        samples.Single(s => s.Name == "gen_ai_client_token_usage_count" && s.Labels["gen_ai_token_type"] == "output").Value.ShouldBe(1);
        samples.Single(s => s.Name == "gen_ai_client_operation_duration_seconds_count").Value.ShouldBe(1);
        samples.Where(s => s.Name == "gen_ai_client_operation_duration_seconds_bucket").Select(s => s.Labels["le"]).ShouldContain("+Inf");
        samples.Single(s => s.Name.StartsWith("purser_cost", StringComparison.Ordinal) && s.Labels.GetValueOrDefault("purser_project") == "scraped").Value.ShouldBe((double)AnswerCost, 1e-12);
        samples.Single(s => s.Name == "purser_calls_total" && s.Labels["purser_outcome"] == "ok").Value.ShouldBe(1);
        samples.ShouldContain(s => s.Name == "purser_ledger_queue_depth");
    }

    [Fact]
    public async Task MetricsPort_ServesMetricsThereAlone_WithoutAKey()
    {
        int metricsPort = GatewayProcess.FreeLoopbackPort();
        await using GatewayServer gateway = await GatewayServer.StartAsync(
            new Dictionary<string, string?> { ["Purser:Auth:MasterKey"] = MasterKey },
            settings: s => s.MetricsPort = metricsPort);
        using var http = new HttpClient();

        HttpResponseMessage scrape = await http.GetAsync($"http://127.0.0.1:{metricsPort}/metrics");
        HttpResponseMessage main = await http.SendAsync(new HttpRequestMessage(HttpMethod.Get, gateway.Url + "/metrics") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", MasterKey) } });

        scrape.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await scrape.Content.ReadAsStringAsync()).ShouldContain("purser_ledger_queue_depth");
        main.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await http.GetAsync($"http://127.0.0.1:{metricsPort}/api/costs")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Otlp_UnsetByDefault_NoTracerIsRegistered()
    {
        await using GatewayServer gateway = await GatewayServer.StartAsync(new Dictionary<string, string?>());

        gateway.Services.GetService<TracerProvider>().ShouldBeNull();
    }

    [Theory]
    [InlineData("purser")]
    [InlineData("standard")]
    public async Task Otlp_HttpProtobuf_ExportsSpansAndMetricsToTheCollector(string configuredBy)
    {
        await using FakeUpstream collector = await FakeUpstream.StartAsync();
        collector.Handler = (http, _) =>
        {
            http.Response.StatusCode = 200;
            http.Response.ContentType = "application/x-protobuf";
            return Task.CompletedTask;
        };
        var configuration = configuredBy == "purser"
            ? new Dictionary<string, string?> { ["Purser:Telemetry:OtlpEndpoint"] = collector.Url, ["Purser:Telemetry:OtlpProtocol"] = "http/protobuf" }
            : new Dictionary<string, string?> { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Url, ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf", ["OTEL_SERVICE_NAME"] = "purser-under-test" };
        await using GatewayHarness h = await GatewayHarness.StartAsync(new OpenAIUpstreamWire(), c =>
        {
            Prices(c);
            foreach (var (key, value) in configuration)
            {
                c[key] = value;
            }
        });
        using HttpClient http = h.Gateway.CreateClient();
        (HttpResponseMessage response, _) = await ChatAsync(http, OpenAIBody("Export me."));
        string requestId = Header(response, "x-purser-request-id");

        // Stopping the gateway flushes both exporters.
        await h.Gateway.StopWithoutCleanupAsync();

        collector.Received.Select(r => r.PathAndQuery).ShouldContain("/v1/traces", string.Join(", ", collector.Received.Select(r => $"{r.Method} {r.PathAndQuery} {r.Body.Length}")));
        ReceivedRequest traces = collector.Received.Single(r => r.PathAndQuery == "/v1/traces" && r.Body.Contains(requestId, StringComparison.Ordinal));
        traces.Method.ShouldBe("POST");
        traces.Headers["Content-Type"].ShouldBe("application/x-protobuf");
        traces.Body.ShouldContain("gen_ai.request.model");
        traces.Body.ShouldContain("chat fake-model");
        traces.Body.ShouldNotContain("Export me.");
        ReceivedRequest exported = collector.Received.Last(r => r.PathAndQuery == "/v1/metrics");
        exported.Body.ShouldContain("gen_ai.client.token.usage");
        exported.Body.ShouldContain("gen_ai.client.operation.duration");
        exported.Body.ShouldContain(configuredBy == "purser" ? "purser" : "purser-under-test");
    }

    private static string? Tag(Activity activity, string name) => activity.GetTagItem(name) as string;

    private static IEnumerable<MetricPoint> Points(Metric metric, params (string Key, string Value)[] tags)
    {
        foreach (ref readonly MetricPoint point in metric.GetMetricPoints())
        {
            var pointTags = new Dictionary<string, object?>();
            foreach (KeyValuePair<string, object?> tag in point.Tags)
            {
                pointTags[tag.Key] = tag.Value;
            }

            if (tags.All(t => (string?)pointTags.GetValueOrDefault(t.Key) == t.Value))
            {
                yield return point;
            }
        }
    }

    private static (long Count, double Sum) Histogram(Metric metric, params (string Key, string Value)[] tags)
    {
        MetricPoint[] points = [.. Points(metric, tags)];
        return (points.Sum(p => p.GetHistogramCount()), points.Sum(p => p.GetHistogramSum()));
    }

    private static double SumDouble(Metric metric) => Points(metric).Sum(p => p.GetSumDouble());

    private static long SumLong(Metric metric) => Points(metric).Sum(p => p.GetSumLong());

    private static double Gauge(Metric metric, params (string Key, string Value)[] tags) => Points(metric, tags).Single().GetGaugeLastValueDouble();

    /// <summary>One sample of the Prometheus text format: name{labels} value.</summary>
    private sealed record Sample(string Name, Dictionary<string, string> Labels, double Value);

    private static List<Sample> Parse(string text)
    {
        var samples = new List<Sample>();
        foreach (string line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            Match m = SampleLine().Match(line);
            m.Success.ShouldBeTrue("not a Prometheus sample: " + line);
            var labels = LabelPair().Matches(m.Groups["labels"].Value).ToDictionary(l => l.Groups[1].Value, l => l.Groups[2].Value);
            samples.Add(new Sample(m.Groups["name"].Value, labels, double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture)));
        }

        return samples;
    }

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})? (?<value>\S+)( \d+)?$""")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"([a-zA-Z_][a-zA-Z0-9_]*)=""((?:[^""\\]|\\.)*)""")]
    private static partial Regex LabelPair();
}
