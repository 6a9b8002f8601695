namespace Purser.FunctionalTests.Agents;

/// <summary>One agent run and what it left: its output, the script its upstream played, its virtual key's id.</summary>
public sealed record AgentRun(CodingAgent Agent, AgentGateway.Upstream Upstream, string KeyId, AgentScript Script, AgentResult Result)
{
    public string Describe() => $"{Agent.Name} onto {Upstream.Kind} ({Upstream.Provider}/{Upstream.Model}): {Result.Describe()}";
}
