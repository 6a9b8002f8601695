using System.Diagnostics;
using System.Text.Json.Nodes;
using Purser.FunctionalTests.Infrastructure;

namespace Purser.FunctionalTests.Run;

/// <summary>
/// <c>purser run</c> as a user runs it, with tests/js/fake-agent.mjs as the agent (the official npm SDKs, which find the
/// gateway through OPENAI_BASE_URL / ANTHROPIC_BASE_URL and their keys) and a fake OpenAI upstream on 127.0.0.1.
/// </summary>
public sealed class PurserRunTests : IAsyncLifetime
{
    private const string RealKey = "sk-real-provider-key-must-not-leak";

    private FakeUpstream _upstream = null!;
    private FakeScenario _scenario = null!;

    private static string Agent => Path.Combine(NpmScript.FindJsFolder(), "fake-agent.mjs");

    public async Task InitializeAsync()
    {
        File.Exists(Path.Combine(NpmScript.FindJsFolder(), "node_modules", "openai", "package.json")).ShouldBeTrue("npm packages are missing: run `npm ci` in tests/js (scripts/test.sh does).");
        _upstream = await FakeUpstream.StartAsync();
        _scenario = new FakeScenario { Answer = new FakeAnswer("Done.") };
        var wire = new OpenAIUpstreamWire();
        _upstream.Handler = (http, request) => wire.AnswerAsync(http, request, _scenario);
    }

    public async Task DisposeAsync() => await _upstream.DisposeAsync();

    private CliProcess Cli() => new(new OpenAIUpstreamWire().BaseUrl(_upstream.Url));

    private static JsonNode LastJson(string output) => JsonNode.Parse(output.Trim().Split('\n')[^1])!;

    [Fact]
    public async Task TheAgent_GetsPursersUrlsAndASessionKey_NeverTheRealKeys_AndTheKeyIsRevokedAtExit_WithTheAgentsExitCode()
    {
        using CliProcess cli = Cli();
        var (code, output, error) = await cli.RunAsync(
            ["run", "--config", cli.ConfigFile, "--local", "--agent", "claude", "--mcp", "--project", "web", "--tags", "a,b", "--", Agent, "env", "--exit", "3"],
            new Dictionary<string, string?> { ["OPENAI_API_KEY"] = RealKey, ["ANTHROPIC_API_KEY"] = RealKey, ["PURSER_MASTER_KEY"] = "the-master", ["Purser__Providers__up__ApiKey"] = RealKey });

        code.ShouldBe(3, error);
        JsonNode seen = LastJson(output);
        JsonNode env = seen["env"]!;
        string key = env["ANTHROPIC_API_KEY"]!.GetValue<string>();
        key.ShouldStartWith("pk-purser-");
        env["ANTHROPIC_BASE_URL"]!.GetValue<string>().ShouldStartWith("http://127.0.0.1:");
        env["PURSER_API_KEY"]!.GetValue<string>().ShouldBe(key);
        env["OPENAI_API_KEY"].ShouldBeNull();
        env["PURSER_MASTER_KEY"].ShouldBeNull();
        env["Purser__Providers__up__ApiKey"].ShouldBeNull();
        output.ShouldNotContain(RealKey);
        output.ShouldNotContain("the-master");

        // --mcp: Claude Code's --mcp-config file offers Purser's MCP server with the session key.
        JsonNode mcp = JsonNode.Parse(seen["files"]!["mcp"]!.GetValue<string>())!["mcpServers"]!["purser"]!;
        mcp["url"]!.GetValue<string>().ShouldBe(env["PURSER_BASE_URL"]!.GetValue<string>() + "/mcp");
        mcp["headers"]!["Authorization"]!.GetValue<string>().ShouldBe("Bearer " + key);

        string session = env["PURSER_SESSION"]!.GetValue<string>();
        error.ShouldContain($"session {session}");
        Dictionary<string, object?> stored = LedgerDb.Rows(cli.Home, $"SELECT agent, project, tags, revoked_ms FROM virtual_keys WHERE id = '{session}'").ShouldHaveSingleItem();
        stored["agent"].ShouldBe("claude");
        stored["project"].ShouldBe("web");
        stored["revoked_ms"].ShouldNotBeNull();
        LedgerDb.Scalar(cli.Home, $"SELECT exit_code FROM sessions WHERE id = '{session}'").ShouldBe(3L);

        var (listed, list, _) = await cli.RunAsync(["sessions", "list", "--json"]);
        listed.ShouldBe(0, list);
        JsonNode.Parse(list)!.AsArray().Select(s => s!["session"]!["id"]!.GetValue<string>()).ShouldContain(session);
    }

    [Fact]
    public async Task Codex_GetsAGeneratedCodexHome_PointingAtPurser_AndTheFolderIsGoneAfterwards()
    {
        using CliProcess cli = Cli();
        var (code, output, error) = await cli.RunAsync(["run", "--config", cli.ConfigFile, "--local", "--agent", "codex", "--mcp", "--", Agent, "env"]);

        code.ShouldBe(0, error);
        JsonNode seen = LastJson(output);
        string home = seen["env"]!["CODEX_HOME"]!.GetValue<string>();
        string toml = seen["files"]!["codex"]!.GetValue<string>();
        toml.ShouldContain("base_url = \"" + seen["env"]!["PURSER_BASE_URL"]!.GetValue<string>() + "/v1\"");
        toml.ShouldContain("env_key = \"PURSER_API_KEY\"");
        toml.ShouldContain("[mcp_servers.purser_run]");
        toml.ShouldContain("bearer_token_env_var = \"PURSER_API_KEY\"");
        seen["files"]!["codex_mode"]!.GetValue<string>().ShouldBe("600");
        Directory.Exists(home).ShouldBeFalse();
    }

    [Fact]
    public async Task TheBudget_StopsTheAgentMidSession_WithA429InItsProtocol_AndTheSummaryEqualsTheLedger()
    {
        using CliProcess cli = Cli();
        string json = Path.Combine(cli.Home, "summary.json");
        var (code, output, error) = await cli.RunAsync(
            ["run", "--config", cli.ConfigFile, "--local", "--budget", "0.003", "--model", "up/fake-model", "--json", json, "--protocol", "openai", "--", Agent, "openai", "10", "claude-sonnet-4-5", "--until-refused"]);

        code.ShouldBe(0, error);
        JsonArray calls = LastJson(output)["calls"]!.AsArray();
        List<JsonNode> answered = [.. calls.Select(c => c!).Where(c => c["ok"]!.GetValue<bool>())];
        answered.Count.ShouldBeInRange(1, 2, output);
        answered.ShouldAllBe(c => c["text"]!.GetValue<string>() == "Done.");

        // The agent asked for claude-sonnet-4-5; the session's --model mapped it, and x-purser-route says so.
        answered[0]["route"]!.GetValue<string>().ShouldContain("mapped");
        _upstream.LastRequest.Json["model"]!.GetValue<string>().ShouldBe("fake-model");
        JsonNode refused = calls[^1]!;
        refused["ok"]!.GetValue<bool>().ShouldBeFalse();
        refused["status"]!.GetValue<int>().ShouldBe(429);
        refused["body"]!.ToJsonString().ShouldContain("budget");
        error.ShouldContain("the agent's call is too large for what is left of the session's budget");
        _upstream.CallCount.ShouldBe(answered.Count);

        JsonNode summary = JsonNode.Parse(await File.ReadAllTextAsync(json))!;
        string session = summary["session"]!["id"]!.GetValue<string>();
        List<Dictionary<string, object?>> rows = LedgerDb.Rows(cli.Home, $"SELECT status, input_tokens, output_tokens, cost_pico FROM ledger WHERE key_id = '{session}'");
        rows.Count.ShouldBe(calls.Count);
        JsonNode figures = summary["figures"]!;
        figures["calls"]!.GetValue<long>().ShouldBe(rows.Count);
        figures["budget_refusals"]!.GetValue<long>().ShouldBe(rows.Count(r => (long)r["status"]! == 429));
        figures["input_tokens"]!.GetValue<long>().ShouldBe(rows.Sum(r => (long)r["input_tokens"]!));
        figures["output_tokens"]!.GetValue<long>().ShouldBe(rows.Sum(r => (long)r["output_tokens"]!));
        figures["cost_usd"]!.GetValue<decimal>().ShouldBe(rows.Sum(r => LedgerDb.Cost(r) ?? 0m));
        figures["cost_usd"]!.GetValue<decimal>().ShouldBeLessThanOrEqualTo(0.003m);
        summary["budget"]!["exhausted"]!.GetValue<bool>().ShouldBeTrue();
        error.ShouldContain("calls");
    }

    [Fact]
    public async Task ACallLargerThanTheWholeBudget_IsRefused_AndPurserSaysItIsTooLarge_NotThatTheBudgetIsUsedUp()
    {
        using CliProcess cli = Cli();
        int before = _upstream.CallCount;

        // One call of the fake agent (max_tokens 50 at $15/M output) could cost more than $0.0001: it is refused before it goes out.
        var (code, output, error) = await cli.RunAsync(
            ["run", "--config", cli.ConfigFile, "--local", "--budget", "0.0001", "--model", "up/fake-model", "--protocol", "openai", "--", Agent, "openai", "1", "claude-sonnet-4-5", "--until-refused"]);

        code.ShouldBe(0, error);
        JsonNode refused = LastJson(output)["calls"]!.AsArray().ShouldHaveSingleItem()!;
        refused["status"]!.GetValue<int>().ShouldBe(429);
        _upstream.CallCount.ShouldBe(before);
        error.ShouldContain("the agent's call is too large for what is left of the session's budget ($0.00 of $0.0001 used");
        error.ShouldContain("this call could cost up to $");
        error.ShouldNotContain("budget is used up");
    }

    [Fact]
    public async Task SigTerm_IsForwardedToTheAgent_AndPurserExitsWithItsCode()
    {
        using CliProcess cli = Cli();
        using Process process = cli.Start(["run", "--config", cli.ConfigFile, "--local", "--protocol", "openai", "--", Agent, "wait-signal", "42"]);
        Task<string> error = process.StandardError.ReadToEndAsync();
        string? ready = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(1));
        JsonNode.Parse(ready!)!["ready"]!.GetValue<bool>().ShouldBeTrue();

        using (Process kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        string rest = await process.StandardOutput.ReadToEndAsync().WaitAsync(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        process.ExitCode.ShouldBe(42, await error);
        JsonNode.Parse(rest.Trim())!["signal"]!.GetValue<string>().ShouldBe("SIGTERM");
    }

    [Fact]
    public async Task BadInput_IsAClearErrorBeforeAnyAgentStarts()
    {
        using CliProcess cli = Cli();

        var (missing, _, missingError) = await cli.RunAsync(["run", "--config", cli.ConfigFile, "--local", "--", "no-such-agent-xyz", "-p", "hi"]);
        missing.ShouldBe(127);
        missingError.ShouldContain("command not found: no-such-agent-xyz");

        foreach (string budget in new[] { "-1", "abc", "0" })
        {
            var (code, output, error) = await cli.RunAsync(["run", "--config", cli.ConfigFile, "--local", "--budget", budget, "--", Agent, "env"]);
            code.ShouldBe(2, budget);
            (output + error).ShouldContain($"--budget '{budget}' is not an amount of dollars");
            (output + error).ShouldNotContain("pk-purser-");
        }

        using var empty = new CliProcess("http://127.0.0.1:9/v1", c =>
        {
            foreach (string name in c.Keys.Where(k => k.StartsWith("Purser:Providers", StringComparison.Ordinal)).ToList())
            {
                c.Remove(name);
            }
        });
        var (none, noneOutput, noneError) = await empty.RunAsync(["run", "--config", empty.ConfigFile, "--local", "--protocol", "openai", "--", Agent, "env"]);
        none.ShouldBe(2);
        (noneOutput + noneError).ShouldContain("OPENAI_API_KEY");
        noneOutput.ShouldNotContain("\"env\"");
    }
}
