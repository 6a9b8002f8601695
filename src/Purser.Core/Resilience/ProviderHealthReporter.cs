using Purser.Configuration;
using Purser.Dispatch;
using Purser.Routing;

namespace Purser.Resilience;

/// <summary>
/// Each configured provider with its deployments' health, for <c>GET /api/providers</c>, the dashboard and the
/// open-circuits gauge. A provider is "healthy", "degraded" (a deployment open, cooling down or failing half its calls),
/// "down" (every deployment seen is open) or "idle" (not called yet).
/// </summary>
internal sealed class ProviderHealthReporter(IProviderRegistry providers, DeploymentHealthRegistry health, PurserOptions options, TimeProvider time)
{
    public IReadOnlyList<ProviderHealth> Report()
    {
        DateTimeOffset now = time.GetUtcNow();
        IReadOnlyList<DeploymentHealthSnapshot> seen = health.Snapshot();
        var result = new List<ProviderHealth>();
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
                        Circuit = health.TryGet(idle, out DeploymentHealth? h) && h is not null ? h.CircuitState(now) : Idle(provider.Name),
                    });
                }
            }

            result.Add(new ProviderHealth(
                provider.Name,
                configured?.Kind,
                provider.Protocol.ToString(),
                Status(deployments),
                [.. deployments.OrderBy(d => d.Deployment, StringComparer.Ordinal)]));
        }

        return result;
    }

    private string Idle(string provider) =>
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
}
