using Purser.FunctionalTests.Infrastructure;
using Xunit.Abstractions;

namespace Purser.FunctionalTests.Run;

/// <summary>
/// The real agents (npm, pinned in tests/agents and installed by scripts/test.sh) run by <c>purser run --budget … -- codex
/// exec …</c>, <c>-- opencode run …</c>, <c>-- gemini -p …</c> and <c>-- qwen -p …</c>, each with its own temporary HOME
/// holding the user's own settings — which name another provider or sign-in. purser run's generated configuration and
/// variables send the agent's calls to Purser with the session's key, the agent prints the fake upstream's answer, the
/// session's ledger rows carry the session, its summary and budget equal those rows, and the user's files are unchanged.
/// </summary>
public sealed class AgentRunTests(AgentRunGateway gateway, ITestOutputHelper output) : IClassFixture<AgentRunGateway>
{
    public static TheoryData<string> Agents() => [.. RunAgents.All.Select(a => a.Name)];

    [Theory]
    [MemberData(nameof(Agents))]
    public async Task PurserRun_SendsTheAgentsCallsThroughPurser_OnTheSessionsKeyAndBudget_LeavingTheUsersFilesAlone(string name)
    {
        RunAgent agent = RunAgents.All.Single(a => a.Name == name);
        AgentRunResult run = await gateway.RunAsync(agent);
        output.WriteLine(run.Describe());

        run.ExitCode.ShouldBe(0, run.Describe());
        run.Output.ShouldContain(AgentRunGateway.Answer, Case.Sensitive, run.Describe());
        foreach ((string file, string text) in run.UserFilesAfter)
        {
            // The user's own provider or sign-in is still theirs, and nothing of the session was written there.
            text.ShouldContain(agent.UserChoice, Case.Sensitive, file);
            text.ShouldNotContain("pk-purser-", Case.Sensitive, file);
            text.ShouldNotContain(gateway.Gateway.Url, Case.Sensitive, file);
        }

        run.Summary.ShouldNotBeNull(run.Describe());

        // The session's calls: in the ledger under the session's key, from the agent, in its protocol, mapped to --model.
        string session = run.Summary["session"]!["id"]!.GetValue<string>();
        run.Error.ShouldContain($"session {session}");
        List<Dictionary<string, object?>> rows = gateway.Rows(session);
        rows.ShouldNotBeEmpty(run.Describe());
        foreach (Dictionary<string, object?> row in rows)
        {
            string where = $"ledger row {row["id"]}: ";
            row["outcome"].ShouldBe("ok", where + row["error"]);
            agent.Protocols.ShouldContain((string)row["protocol"]!, where + "inbound protocol");
            row["provider"].ShouldBe(GatewayHarness.Provider, where + "provider");
            row["model"].ShouldBe(GatewayHarness.Model, where + "model (the session's --model)");
            row["agent"].ShouldBe(agent.Name, where + "agent (from the session's key)");
            row["project"].ShouldBe("run-" + agent.Name, where + "project (--project)");
        }

        // The summary and the budget are the ledger's figures.
        decimal cost = rows.Sum(r => LedgerDb.Cost(r) ?? 0m);
        cost.ShouldBeGreaterThan(0m);
        var figures = run.Summary["figures"]!;
        figures["calls"]!.GetValue<long>().ShouldBe(rows.Count);
        figures["input_tokens"]!.GetValue<long>().ShouldBe(rows.Sum(r => (long)r["input_tokens"]!));
        figures["output_tokens"]!.GetValue<long>().ShouldBe(rows.Sum(r => (long)r["output_tokens"]!));
        figures["cost_usd"]!.GetValue<decimal>().ShouldBe(cost);
        var budget = run.Summary["budget"]!;
        budget["limit_usd"]!.GetValue<decimal>().ShouldBe(AgentRunGateway.Budget);
        budget["used_usd"]!.GetValue<decimal>().ShouldBe(cost);
        budget["left_usd"]!.GetValue<decimal>().ShouldBe(AgentRunGateway.Budget - cost);
        budget["exhausted"]!.GetValue<bool>().ShouldBeFalse();
        LedgerDb.Scalar(gateway.Gateway.Home, $"SELECT revoked_ms IS NOT NULL FROM virtual_keys WHERE id = '{session}'").ShouldBe(1L);

        // Upstream, only the gateway's own key was ever sent, never a session key.
        foreach (ReceivedRequest request in gateway.Upstream.Received)
        {
            request.Headers["Authorization"].ShouldBe("Bearer " + GatewayHarness.UpstreamKey);
        }
    }
}
