using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Purser.Providers.Json;
using Purser.Resilience;

namespace Purser.Gateway.Admin;

/// <summary>
/// GET /api/providers: each configured provider with its deployments' health (<see cref="ProviderHealthReporter"/>) —
/// circuit state (closed, open, half_open), recent failure ratio over the breaker's window, the last error's kind, any
/// Retry-After cool-down, and the latency (p50, p95) of the last successful attempts.
/// </summary>
internal static class ProvidersEndpoint
{
    public static Task HandleAsync(HttpContext http, ProviderHealthReporter reporter, TimeProvider time)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, JsonWriting.Options))
        {
            writer.WriteStartObject();
            writer.WriteString("checked_at", time.GetUtcNow());
            writer.WriteStartArray("providers");
            foreach (ProviderHealth provider in reporter.Report())
            {
                writer.WriteStartObject();
                writer.WriteString("name", provider.Name);
                writer.WriteString("kind", provider.Kind);
                writer.WriteString("protocol", provider.Protocol);
                writer.WriteString("status", provider.Status);
                writer.WriteStartArray("deployments");
                foreach (DeploymentHealthSnapshot d in provider.Deployments)
                {
                    Write(writer, d);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return AdminResults.JsonAsync(http, Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static void Write(Utf8JsonWriter writer, DeploymentHealthSnapshot d)
    {
        writer.WriteStartObject();
        writer.WriteString("deployment", d.Deployment);
        writer.WriteString("model", d.Model);
        writer.WriteString("circuit", d.Circuit);
        WriteTime(writer, "open_until", d.OpenUntil);
        WriteTime(writer, "cooling_until", d.CoolingUntil);
        writer.WriteNumber("recent_attempts", d.RecentAttempts);
        writer.WriteNumber("recent_failures", d.RecentFailures);
        writer.WriteNumber("failure_ratio", d.FailureRatio);
        writer.WriteNumber("total_attempts", d.TotalAttempts);
        writer.WriteNumber("total_failures", d.TotalFailures);
        if (d.LastErrorKind is null)
        {
            writer.WriteNull("last_error_kind");
        }
        else
        {
            writer.WriteString("last_error_kind", d.LastErrorKind);
        }

        if (d.LastErrorStatus is int status)
        {
            writer.WriteNumber("last_error_status", status);
        }

        WriteTime(writer, "last_error_at", d.LastErrorAt);
        WriteTime(writer, "last_success_at", d.LastSuccessAt);
        WriteMs(writer, "latency_p50_ms", d.LatencyP50Ms);
        WriteMs(writer, "latency_p95_ms", d.LatencyP95Ms);
        writer.WriteEndObject();
    }

    private static void WriteMs(Utf8JsonWriter writer, string name, double? value)
    {
        if (value is double ms)
        {
            writer.WriteNumber(name, ms);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    private static void WriteTime(Utf8JsonWriter writer, string name, DateTimeOffset? value)
    {
        if (value is DateTimeOffset at)
        {
            writer.WriteString(name, at);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
