namespace Purser.FunctionalTests.Agents;

/// <summary>
/// Where one agent run points: the gateway, the virtual key it authenticates with, the model, its own home; and the
/// project it names in an x-purser-project header through the agent's own custom-header setting.
/// </summary>
public sealed record AgentSetup(string GatewayUrl, string ApiKey, string Model, string Prompt, string Home, string WorkDirectory, string Project);
