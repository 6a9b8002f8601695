using System.Text.Json.Nodes;
using Purser.Cli.Tests;
using Purser.FunctionalTests.Infrastructure;
using Purser.Tests;

namespace Purser.FunctionalTests.Assistant;

/// <summary>The assistant commands against real HTTP: in process with a fake upstream, and with --server against a running gateway.</summary>
public sealed class AssistantCliTests
{
    private const string Scores = """{"overall": 48, "security": 30, "quality": 55, "complexity": 70, "maintainability": 60, "summary": "Shell from input.", "issues": [{"line": 2, "severity": "error", "category": "security", "message": "Command injection."}], "suggestions": ["Use a list of arguments."]}""";

    [Fact]
    public async Task AnalyzeFile_InProcess_SendsJsonModeToTheUpstreamAndParsesTheAnswer()
    {
        await using FakeUpstream upstream = await FakeUpstream.StartAsync();
        var scenario = new FakeScenario { Answer = new FakeAnswer(Scores) };
        var wire = new OpenAIUpstreamWire();
        upstream.Handler = (http, request) => wire.AnswerAsync(http, request, scenario);
        using var cli = new CliRunner();
        File.WriteAllText(Path.Combine(cli.Home, "purser.json"), new JsonObject
        {
            ["Purser"] = new JsonObject
            {
                ["Providers"] = new JsonObject
                {
                    ["up"] = new JsonObject { ["Kind"] = "openai", ["BaseUrl"] = upstream.Url + "/v1", ["ApiKey"] = "k", ["Models"] = new JsonArray("fake-model") },
                },
            },
        }.ToJsonString());
        File.WriteAllText(Path.Combine(cli.Home, "run.py"), "import os\nos.system(input())\n");

        var (code, output) = await cli.RunAsync("analyze", "file", "run.py", "--sarif", "out.sarif");

        code.ShouldBe(0, output);
        output.ShouldContain("Command injection.");
        output.ShouldContain("up/fake-model");
        JsonObject sent = upstream.LastRequest.Json;
        sent["model"]!.GetValue<string>().ShouldBe("fake-model");
        sent["response_format"]!["type"]!.GetValue<string>().ShouldBe("json_object");
        sent["messages"]!.AsArray().Last()!["content"]!.GetValue<string>().ShouldContain("2| os.system(input())");
        SarifChecks.Validate(File.ReadAllText(Path.Combine(cli.Home, "out.sarif"))).ShouldBeEmpty();
    }

    [Fact]
    public async Task WithServer_CallsGoThroughTheRemoteGatewaysPipelineAndLedger()
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(new OpenAIUpstreamWire(), c =>
        {
            c["Purser:Auth:MasterKey"] = "master-secret";
            c["Purser:Pricing:up/fake-model:Input"] = "5";
            c["Purser:Pricing:up/fake-model:Output"] = "15";
        });
        h.Scenario.Answer = new FakeAnswer(Scores);
        using var cli = new CliRunner();
        cli.Variables["PURSER_MASTER_KEY"] = "master-secret";
        File.WriteAllText(Path.Combine(cli.Home, "run.py"), "import os\nos.system(input())\n");

        var (code, output) = await cli.RunAsync("analyze", "file", "run.py", "--server", h.Url, "--model", "up/fake-model", "--json");

        code.ShouldBe(0, output);
        JsonNode analysis = JsonNode.Parse(output)!;
        analysis["scores"]!["overall"]!.GetValue<int>().ShouldBe(48);
        analysis["served_by"]!.GetValue<string>().ShouldBe("up/fake-model");
        analysis["cost_usd"]!.GetValue<decimal>().ShouldBeGreaterThan(0m);
        var row = LedgerDb.Rows(h.Gateway.Home).ShouldHaveSingleItem();
        row["operation"].ShouldBe("file_scoring");
        LedgerDb.Cost(row).ShouldBe(analysis["cost_usd"]!.GetValue<decimal>());
        h.Upstream.LastRequest.Headers["authorization"].ShouldBe("Bearer " + GatewayHarness.UpstreamKey);
    }

    [Fact]
    public async Task AnalyzeRepoWithServer_EveryFileIsARowInTheRemoteLedger()
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(new OpenAIUpstreamWire());
        h.Scenario.Answer = new FakeAnswer(Scores);
        using var cli = new CliRunner();
        Directory.CreateDirectory(Path.Combine(cli.Home, "repo"));
        File.WriteAllText(Path.Combine(cli.Home, "repo", "a.py"), "a = 1\n");
        File.WriteAllText(Path.Combine(cli.Home, "repo", "b.go"), "package b\n");

        var (code, output) = await cli.RunAsync("analyze", "repo", "repo", "--server", h.Url, "--model", "up/fake-model", "--json");

        code.ShouldBe(0, output);
        JsonNode.Parse(output)!["files"]!.AsArray().Count.ShouldBe(2);
        LedgerDb.Rows(h.Gateway.Home).Select(r => (string)r["operation"]!).ShouldBe(["file_scoring", "file_scoring"]);
        LedgerDb.Rows(h.Gateway.Home).ShouldAllBe(r => (string?)r["repository"] == "repo");
        h.Upstream.CallCount.ShouldBe(2);
    }

    [Fact]
    public async Task WithServer_UnknownAliasOrBadUrl_AreClearErrors()
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(new OpenAIUpstreamWire());
        using var cli = new CliRunner();
        File.WriteAllText(Path.Combine(cli.Home, "run.py"), "x = 1\n");

        var (unknown, unknownOut) = await cli.RunAsync("analyze", "quick", "run.py", "--server", h.Url);
        var (badServer, badServerOut) = await cli.RunAsync("analyze", "quick", "run.py", "--server", "not a url");

        unknown.ShouldBe(2); // the gateway cannot serve the prompt's tier alias: a setup problem
        string flat = unknownOut.ReplaceLineEndings(" ");
        flat.ShouldContain(h.Url);
        flat.ShouldContain("--model");
        badServer.ShouldBe(2);
        badServerOut.ShouldContain("--server 'not a url' is not an http(s) URL");
    }
}
