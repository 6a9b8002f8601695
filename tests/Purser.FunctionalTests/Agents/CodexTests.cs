using Purser.FunctionalTests.Infrastructure;
using Xunit.Abstractions;

namespace Purser.FunctionalTests.Agents;

/// <summary>Codex CLI (`codex exec`) through Purser's Responses API onto each upstream kind, and onto OpenAI itself.</summary>
public sealed class CodexTests(AgentGateway gateway, ITestOutputHelper output) : AgentTests(new CodexAgent(), gateway, output), IClassFixture<AgentGateway>
{
    /// <summary>Onto an OpenAI provider with the Responses API, Codex's calls reach it as Responses calls (passed through, not translated) and are priced from response.completed.</summary>
    [Fact]
    public async Task Exec_OntoOpenAIWithTheResponsesApi_IsPassedThroughAndPricedFromTheCompletedEvent()
    {
        AgentRun run = await AssertRoundTripAsync(AgentGateway.ResponsesKind);

        ReceivedRequest[] received = [.. run.Upstream.Fake.Received];
        received.ShouldNotBeEmpty();
        received.ShouldAllBe(r => r.Method == "POST" && r.PathAndQuery == "/v1/responses", string.Join(", ", received.Select(r => r.Method + " " + r.PathAndQuery)));
        received.ShouldAllBe(r => r.Json["stream"]!.GetValue<bool>(), "Codex streams every call");
    }
}
