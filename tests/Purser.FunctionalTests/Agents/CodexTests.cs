using Xunit.Abstractions;

namespace Purser.FunctionalTests.Agents;

/// <summary>Codex CLI (`codex exec`) through Purser's Responses API onto each upstream kind.</summary>
public sealed class CodexTests(AgentGateway gateway, ITestOutputHelper output) : AgentTests(new CodexAgent(), gateway, output), IClassFixture<AgentGateway>;
