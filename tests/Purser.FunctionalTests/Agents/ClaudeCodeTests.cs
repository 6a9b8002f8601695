using Xunit.Abstractions;

namespace Purser.FunctionalTests.Agents;

/// <summary>Claude Code (`claude -p`) through Purser onto each upstream kind.</summary>
public sealed class ClaudeCodeTests(AgentGateway gateway, ITestOutputHelper output) : AgentTests(new ClaudeCodeAgent(), gateway, output), IClassFixture<AgentGateway>;
