using Xunit.Abstractions;

namespace Purser.FunctionalTests.Agents;

/// <summary>Qwen Code (`qwen -p`) through Purser onto each upstream kind.</summary>
public sealed class QwenCodeTests(AgentGateway gateway, ITestOutputHelper output) : AgentTests(new QwenCodeAgent(), gateway, output), IClassFixture<AgentGateway>;
