using OpenTelemetry.Exporter;

namespace Purser.Gateway.Telemetry;

/// <summary>
/// <c>Purser:Telemetry</c>. OTLP export is off unless an endpoint is given here or by the standard
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (or <c>_TRACES_</c>/<c>_METRICS_</c>) variable; <c>GET /metrics</c> is on.
/// </summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Purser:Telemetry";

    /// <summary>The OTLP collector (http://localhost:4317 for gRPC, http://localhost:4318 for HTTP); wins over OTEL_EXPORTER_OTLP_ENDPOINT.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>grpc or http/protobuf (default: OTEL_EXPORTER_OTLP_PROTOCOL, else grpc).</summary>
    public string? OtlpProtocol { get; set; }

    /// <summary>Headers sent to the collector, as "name=value,name2=value2" (OTEL_EXPORTER_OTLP_HEADERS otherwise).</summary>
    public string? OtlpHeaders { get; set; }

    /// <summary>Whether OTLP export includes traces (default true).</summary>
    public bool Traces { get; set; } = true;

    /// <summary>Whether OTLP export includes metrics (default true).</summary>
    public bool Metrics { get; set; } = true;

    /// <summary>Serve <c>GET /metrics</c> in the Prometheus text format (default true).</summary>
    public bool Prometheus { get; set; } = true;

    /// <summary>service.name of the exported telemetry (default: OTEL_SERVICE_NAME, else "purser").</summary>
    public string? ServiceName { get; set; }

    internal OtlpExportProtocol? ParsedProtocol { get; private set; }

    public IEnumerable<string> Validate()
    {
        if (OtlpEndpoint is { Length: > 0 } endpoint
            && (!Uri.TryCreate(endpoint, UriKind.Absolute, out Uri? uri) || uri.Scheme is not ("http" or "https")))
        {
            yield return $"{SectionName}:OtlpEndpoint: '{endpoint}' is not an http(s) URL.";
        }

        switch (OtlpProtocol?.Trim().ToLowerInvariant())
        {
            case null or "":
                break;
            case "grpc":
                ParsedProtocol = OtlpExportProtocol.Grpc;
                break;
            case "http/protobuf" or "http":
                ParsedProtocol = OtlpExportProtocol.HttpProtobuf;
                break;
            default:
                yield return $"{SectionName}:OtlpProtocol: '{OtlpProtocol}' is not grpc or http/protobuf.";
                break;
        }
    }
}
