using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Purser.Configuration;
using Purser.Gateway.Admin;
using Purser.Telemetry;

namespace Purser.Gateway.Telemetry;

/// <summary>
/// Wires Purser's ActivitySource and Meter to OpenTelemetry: OTLP export when an endpoint is configured (Purser:Telemetry
/// or the standard OTEL_* variables, which the OpenTelemetry SDK reads from configuration), the Prometheus scrape
/// endpoint <c>GET /metrics</c> (guarded like the admin API, or alone on <c>--metrics-port</c>). With neither, no
/// listener is registered at all and the instruments cost nothing.
/// </summary>
internal static class GatewayTelemetry
{
    /// <summary>Whether OTLP export is configured.</summary>
    public static bool OtlpConfigured(IConfiguration configuration, TelemetryOptions options) =>
        !string.Equals(configuration["OTEL_SDK_DISABLED"], "true", StringComparison.OrdinalIgnoreCase)
        && (options.OtlpEndpoint is { Length: > 0 }
            || configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] is { Length: > 0 }
            || configuration["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"] is { Length: > 0 }
            || configuration["OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"] is { Length: > 0 });

    public static void Add(IServiceCollection services, IConfiguration configuration, TelemetryOptions options)
    {
        bool otlp = OtlpConfigured(configuration, options);
        bool traces = otlp && options.Traces;
        bool metrics = (otlp && options.Metrics) || options.Prometheus;
        if (!traces && !metrics)
        {
            return;
        }

        services.AddHostedService<TelemetryShutdown>();
        string serviceName = options.ServiceName ?? configuration["OTEL_SERVICE_NAME"] ?? "purser";
        OpenTelemetryBuilder builder = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName, serviceVersion: PurserTelemetry.Source.Version));
        if (traces)
        {
            builder.WithTracing(tracing => AddPurserSources(tracing).AddOtlpExporter(o => Configure(o, options, "traces")));
        }

        if (metrics)
        {
            builder.WithMetrics(meters =>
            {
                meters.AddMeter(PurserTelemetry.Name);
                if (options.Prometheus)
                {
                    meters.AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0);
                }

                if (otlp && options.Metrics)
                {
                    meters.AddOtlpExporter((o, _) => Configure(o, options, "metrics"));
                }
            });
        }
    }

    /// <summary>
    /// What a Purser tracer listens to: Purser's own spans, under the server span of each model and admin call. That
    /// server span takes the sampling decision (a caller's traceparent included), which Purser's spans then follow.
    /// </summary>
    public static TracerProviderBuilder AddPurserSources(TracerProviderBuilder tracing) => tracing
        .AddAspNetCoreInstrumentation(o => o.Filter = http => IsTraced(http.Request.Path))
        .AddSource(PurserTelemetry.Name);

    /// <summary>Requests whose server span is recorded: model calls and the admin API, not the dashboard, assets or scrapes.</summary>
    internal static bool IsTraced(PathString path) =>
        path.StartsWithSegments("/v1", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/v1beta", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Maps GET /metrics: on the metrics port only (no key: the port is the boundary) when one is given, else on the
    /// gateway's port behind the admin API's guard.
    /// </summary>
    public static void MapMetrics(IEndpointRouteBuilder endpoints, TelemetryOptions options, int? metricsPort)
    {
        if (!options.Prometheus)
        {
            return;
        }

        IEndpointConventionBuilder scrape = endpoints.MapPrometheusScrapingEndpoint(
            "/metrics",
            meterProvider: null,
            configureBranchedPipeline: metricsPort is null
                ? branch => branch.Use(async (HttpContext http, RequestDelegate next) =>
                {
                    if (await AdminAuth.AuthorizeRequestAsync(http))
                    {
                        await next(http);
                    }
                })
                : null,
            optionsName: null);
        if (metricsPort is int port)
        {
            scrape.RequireHost($"*:{port}");
        }
    }

    private static void Configure(OtlpExporterOptions exporter, TelemetryOptions options, string signal)
    {
        if (options.ParsedProtocol is OtlpExportProtocol protocol)
        {
            exporter.Protocol = protocol;
        }

        if (options.OtlpEndpoint is { Length: > 0 } endpoint)
        {
            // Set in code, the endpoint is used as is: over HTTP each signal has its own path (the SDK adds it only to
            // endpoints that come from OTEL_EXPORTER_OTLP_ENDPOINT).
            exporter.Endpoint = exporter.Protocol == OtlpExportProtocol.HttpProtobuf
                ? new Uri(endpoint.TrimEnd('/') + "/v1/" + signal)
                : new Uri(endpoint);
        }

        if (options.OtlpHeaders is { Length: > 0 } headers)
        {
            exporter.Headers = headers;
        }
    }
}
