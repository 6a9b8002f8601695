using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Purser.Configuration;
using Purser.Dispatch;
using Purser.Providers.Json;
using Purser.Resilience;
using Purser.Routing;

namespace Purser.Gateway.Admin;

/// <summary>
/// GET /api/providers: each configured provider with its deployments' health — circuit state (closed, open,
/// half_open), recent failure ratio over the breaker's window, the last error's kind, and any Retry-After cool-down.
/// A provider is "healthy", "degraded" (a deployment open, cooling down or failing half its calls), "down" (every
/// deployment seen is open) or "idle" (not called yet).
/// </summary>
internal static class ProvidersEndpoint
{
    public static Task HandleAsync(HttpContext http, IProviderRegistry providers, DeploymentHealthRegistry health, PurserOptions options, TimeProvider time)
    {
        DateTimeOffset now = time.GetUtcNow();
        IReadOnlyList<DeploymentHealthSnapshot> seen = health.Snapshot();
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, JsonWriting.Options))
        {
            writer.WriteStartObject();
            writer.WriteString("checked_at", now);
            writer.WriteStartArray("providers");
            foreach (IChatProvider provider in providers.All.OrderBy(p => p.Name, StringComparer.Ordinal))
            {
                options.Providers.TryGetValue(provider.Name, out ProviderOptions? configured);
                var deployments = seen.Where(s => string.Equals(s.Provider, provider.Name, StringComparison.OrdinalIgnoreCase)).ToList();
                foreach (string model in configured?.Models ?? [])
                {
                    if (!deployments.Any(d => d.Model == model))
                    {
                        var idle = new Deployment(provider.Name, model);
                        deployments.Add(new DeploymentHealthSnapshot
                        {
                            Deployment = idle.Id,
                            Provider = provider.Name,
                            Model = model,
                            Circuit = health.TryGet(idle, out DeploymentHealth? h) && h is not null ? h.CircuitState(now) : Idle(provider.Name, options),
                        });
                    }
                }

                writer.WriteStartObject();
                writer.WriteString("name", provider.Name);
                writer.WriteString("kind", configured?.Kind);
                writer.WriteString("protocol", provider.Protocol.ToString());
                writer.WriteString("status", Status(deployments));
                writer.WriteStartArray("deployments");
                foreach (DeploymentHealthSnapshot d in deployments.OrderBy(d => d.Deployment, StringComparer.Ordinal))
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

    private static string Idle(string provider, PurserOptions options) =>
        (options.Resilience.Providers.TryGetValue(provider, out ProviderResilienceOptions? o) ? o.CircuitBreakerEnabled : null) ?? options.Resilience.CircuitBreaker.Enabled
            ? CircuitStatus.Closed
            : CircuitStatus.Disabled;

    private static string Status(List<DeploymentHealthSnapshot> deployments)
    {
        var used = deployments.Where(d => d.TotalAttempts > 0 || d.Circuit is not (CircuitStatus.Closed or CircuitStatus.Disabled)).ToList();
        if (used.Count == 0)
        {
            return "idle";
        }

        if (used.All(d => d.Circuit is CircuitStatus.Open or CircuitStatus.Isolated))
        {
            return "down";
        }

        return used.Any(d => d.Circuit is not (CircuitStatus.Closed or CircuitStatus.Disabled) || d.CoolingUntil is not null || (d.RecentAttempts > 0 && d.FailureRatio >= 0.5))
            ? "degraded"
            : "healthy";
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
        writer.WriteEndObject();
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
