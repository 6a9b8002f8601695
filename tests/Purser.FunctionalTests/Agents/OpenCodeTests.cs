using Xunit.Abstractions;

namespace Purser.FunctionalTests.Agents;

/// <summary>OpenCode (`opencode run`) through Purser onto each upstream kind.</summary>
public sealed class OpenCodeTests(AgentGateway gateway, ITestOutputHelper output) : AgentTests(new OpenCodeAgent(), gateway, output), IClassFixture<AgentGateway>;
