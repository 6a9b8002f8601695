namespace Purser.Resilience;

/// <summary>One configured provider and the health of its deployments (configured models included before their first call).</summary>
internal sealed record ProviderHealth(string Name, string? Kind, string Protocol, string Status, IReadOnlyList<DeploymentHealthSnapshot> Deployments);
