namespace Purser.FunctionalTests.Agents;

/// <summary>How to start an agent: its command (from tests/agents/node_modules/.bin), arguments and environment.</summary>
public sealed record AgentInvocation(string Binary, IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string> Environment);
