using System.Text.Json.Nodes;
using Purser.FunctionalTests.Infrastructure;

namespace Purser.FunctionalTests.Run;

/// <summary>
/// The real Claude Code (npm @anthropic-ai/claude-code, pinned in tests/agents and installed by scripts/test.sh) run by
/// <c>purser run --mcp -- claude -p …</c> against a fake Anthropic upstream on 127.0.0.1.
/// </summary>
public sealed class ClaudeCodeRunTests
{
    /// <summary>The tools Purser's MCP server offers (src/Purser.Gateway/Mcp).</summary>
    private static readonly string[] PurserTools =
        ["review_diff", "analyze_file", "debug_error", "design_architecture", "costs", "budget_status", "validate_code", "generate_code"];

    [Fact]
    public async Task ClaudeP_AnswersThroughPurser_WithTheSessionsModel_OffersPursersMcpTools_AndItsSummaryEqualsTheLedger()
    {
        Agents.AgentProcess.EnsureInstalled("claude", "@anthropic-ai/claude-code");
        string bin = Agents.AgentProcess.BinFolder;
        await using FakeUpstream upstream = await FakeUpstream.StartAsync();
        var wire = new AnthropicUpstreamWire();
        var scenario = new FakeScenario { Answer = new FakeAnswer("hello from the fake upstream") };
        upstream.Handler = (http, request) => wire.AnswerAsync(http, request, scenario);
        using var cli = new CliProcess(wire.BaseUrl(upstream.Url), kind: "anthropic");
        string home = Path.Combine(cli.Home, "home");
        Directory.CreateDirectory(home);
        string json = Path.Combine(cli.Home, "summary.json");

        // Claude Code's largest max_tokens reserves about $2 at $15/M output: the budget leaves room for it.
        var (code, output, error) = await cli.RunAsync(
            ["run", "--config", cli.ConfigFile, "--local", "--model", "up/fake-model", "--mcp", "--budget", "10", "--json", json, "--", "claude", "-p", "say hi", "--output-format", "json"],
            new Dictionary<string, string?>
            {
                ["PATH"] = bin + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH"),
                ["HOME"] = home,
                ["CLAUDE_CONFIG_DIR"] = Path.Combine(home, ".claude"),
                ["DISABLE_TELEMETRY"] = "1",
                ["DISABLE_AUTOUPDATER"] = "1",
                ["DISABLE_ERROR_REPORTING"] = "1",
                ["CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"] = "1",
            });

        code.ShouldBe(0, output + error);
        JsonNode result = JsonNode.Parse(output.Trim().Split('\n')[^1])!;
        result["result"]!.GetValue<string>().ShouldBe("hello from the fake upstream");
        result["is_error"]!.GetValue<bool>().ShouldBeFalse();

        // Every model call was mapped to the session's model and sent upstream with Purser's key, not the agent's.
        ReceivedRequest asked = upstream.Received.Last(r => r.PathAndQuery.StartsWith("/v1/messages", StringComparison.Ordinal));
        asked.Json["model"]!.GetValue<string>().ShouldBe("fake-model");
        asked.Headers.TryGetValue("x-api-key", out string? upstreamKey).ShouldBeTrue();
        upstreamKey.ShouldBe(GatewayHarness.UpstreamKey);

        // --mcp: Claude Code read the generated --mcp-config, connected to Purser's /mcp with the session key and listed
        // its tools: every one is offered to the model as mcp__purser__<tool> — in `tools`, or (Claude Code's tool search,
        // on by default) named among the deferred tools it tells the model about.
        string[] bodies = [.. upstream.Received.Where(r => r.PathAndQuery.StartsWith("/v1/messages", StringComparison.Ordinal)).Select(r => r.Body)];
        foreach (string tool in PurserTools)
        {
            bodies.ShouldContain(b => b.Contains("mcp__purser__" + tool, StringComparison.Ordinal), $"Claude Code never offered Purser's {tool} tool");
        }

        JsonNode summary = JsonNode.Parse(await File.ReadAllTextAsync(json))!;
        string session = summary["session"]!["id"]!.GetValue<string>();
        List<Dictionary<string, object?>> rows = LedgerDb.Rows(cli.Home, $"SELECT protocol, input_tokens, output_tokens, cost_pico FROM ledger WHERE key_id = '{session}'");
        rows.ShouldNotBeEmpty();
        rows.ShouldAllBe(r => (string?)r["protocol"] == "anthropic");
        summary["figures"]!["calls"]!.GetValue<long>().ShouldBe(rows.Count);
        summary["figures"]!["input_tokens"]!.GetValue<long>().ShouldBe(rows.Sum(r => (long)r["input_tokens"]!));
        summary["figures"]!["output_tokens"]!.GetValue<long>().ShouldBe(rows.Sum(r => (long)r["output_tokens"]!));
        summary["figures"]!["cost_usd"]!.GetValue<decimal>().ShouldBe(rows.Sum(r => LedgerDb.Cost(r) ?? 0m));
        LedgerDb.Scalar(cli.Home, $"SELECT revoked_ms IS NOT NULL FROM virtual_keys WHERE id = '{session}'").ShouldBe(1L);
    }
}
