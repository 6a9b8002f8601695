using Xunit.Abstractions;

namespace Purser.FunctionalTests.Agents;

/// <summary>Gemini CLI (`gemini -p`) through Purser onto each upstream kind.</summary>
public sealed class GeminiCliTests(AgentGateway gateway, ITestOutputHelper output) : AgentTests(new GeminiCliAgent(), gateway, output), IClassFixture<AgentGateway>;
