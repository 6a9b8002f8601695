using Purser.FunctionalTests.Infrastructure;
using Xunit.Abstractions;

namespace Purser.FunctionalTests.Agents;

/// <summary>
/// A real coding agent, installed from npm, in its non-interactive mode against the real gateway onto a fake upstream
/// of each kind: the upstream asks for the agent's file-reading tool, the agent reads the file and sends the result
/// back, the upstream answers with what the file says, and the agent prints that answer and exits 0. Every call it
/// made is in the ledger with its inbound protocol, the upstream's provider and model, the agent's name and the
/// call's exact price.
/// </summary>
public abstract class AgentTests(CodingAgent agent, AgentGateway gateway, ITestOutputHelper output)
{
    [Theory]
    [MemberData(nameof(Wires.All), MemberType = typeof(Wires))]
    public Task PrintMode_OntoEachUpstreamKind_RunsTheRequestedToolPrintsTheAnswerAndIsInTheLedger(string kind) => AssertRoundTripAsync(kind);

    /// <summary>The agent's run onto <paramref name="kind"/>: the tool round trip, the printed answer, the ledger rows.</summary>
    protected async Task<AgentRun> AssertRoundTripAsync(string kind)
    {
        AgentRun run = await gateway.RunAsync(agent, kind);
        List<Dictionary<string, object?>> rows = gateway.Rows(run.KeyId);
        output.WriteLine($"{agent.Name} {agent.Package} onto {kind}: exit {run.Result.ExitCode}, {run.Result.Elapsed.TotalSeconds:F0} s, {rows.Count} calls in the ledger");

        run.Result.ExitCode.ShouldBe(0, run.Describe());
        run.Script.ToolCallsAsked.ShouldBeGreaterThan(0, "the agent never sent the prompt with its " + agent.ReadTool + " tool on offer. " + run.Describe());
        run.Script.ToolResults.ShouldContain(r => r.Contains(run.Script.Notes), "the tool's result never came back with the file's text. " + run.Describe());
        run.Result.Stdout.ShouldContain(run.Script.FinalAnswer, Case.Sensitive, run.Describe());

        rows.Count.ShouldBeGreaterThanOrEqualTo(2, "a tool round trip is at least two calls");
        foreach (Dictionary<string, object?> row in rows)
        {
            string where = $"ledger row {row["id"]}: ";
            row["outcome"].ShouldBe("ok", where + row["error"]);
            row["protocol"].ShouldBe(agent.Protocol, where + "inbound protocol");
            row["provider"].ShouldBe(run.Upstream.Provider, where + "provider");
            row["model"].ShouldBe(run.Upstream.Model, where + "model");
            row["agent"].ShouldBe(agent.Name, where + "agent (from the virtual key)");
            row["project"].ShouldBe("agents-" + kind, where + "project (from the agent's custom header setting)");
            row["input_tokens"].ShouldBe(AgentScript.InputTokens, where + "input tokens");
            row["output_tokens"].ShouldBe(AgentScript.OutputTokens, where + "output tokens");
            LedgerDb.Cost(row).ShouldBe(run.Upstream.CallCost, where + "cost");
        }

        return run;
    }
}
