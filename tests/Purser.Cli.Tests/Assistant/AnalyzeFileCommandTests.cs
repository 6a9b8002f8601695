using System.Text.Json.Nodes;
using Purser.Tests;

namespace Purser.Cli.Tests.Assistant;

public sealed class AnalyzeFileCommandTests
{
    private const string Code = "import sqlite3\nrows = db.execute(\"SELECT * FROM users WHERE name = '%s'\" % name)\n";

    [Fact]
    public async Task AnalyzeFile_GoodAnswer_ShowsScoresIssuesSuggestionsAndCost()
    {
        using var cli = new CliRunner();
        CannedModel.Use(cli, CannedModel.Scores);
        CannedModel.WriteFile(cli, "src/users.py", Code);

        var (code, output) = await cli.RunAsync("analyze", "file", "src/users.py", "--model", CannedModel.Model);

        code.ShouldBe(0, output);
        output.ShouldContain("src/users.py");
        output.ShouldContain("Python");
        output.ShouldContain("Overall");
        output.ShouldContain("62");
        output.ShouldContain("SQL injection through name.");
        output.ShouldContain("Use query parameters.");
        output.ShouldMatch(@"cost \$0\.0\d+");
        output.ShouldContain("canned/model");

        var (_, costs) = await cli.RunAsync("costs", "--period", "all", "--by", "operation", "--json");
        JsonNode report = JsonNode.Parse(costs)!;
        report["report"]!["groups"]![0]!["key"]!.GetValue<string>().ShouldBe("file_scoring");
        report["periods"]!["all"]!["cost_usd"]!.GetValue<decimal>().ShouldBeGreaterThan(0m);
    }

    [Fact]
    public async Task AnalyzeFile_Unchanged_IsAnsweredFromTheStoreAtNoCost()
    {
        using var cli = new CliRunner();
        CannedModel.Use(cli, CannedModel.Scores);
        CannedModel.WriteFile(cli, "a.py", Code);
        await cli.RunAsync("analyze", "file", "a.py", "--model", CannedModel.Model);

        var (code, output) = await cli.RunAsync("analyze", "file", "a.py", "--model", CannedModel.Model);

        code.ShouldBe(0, output);
        output.ShouldContain("answered from the analysis store, cost $0");
        output.ShouldContain("62");
        var (_, costs) = await cli.RunAsync("costs", "--period", "all", "--json");
        JsonNode.Parse(costs)!["periods"]!["all"]!["calls"]!.GetValue<long>().ShouldBe(1);
    }

    [Theory]
    [InlineData("The file builds SQL by hand; I would give it sixty.", "The model did not answer in JSON.")]
    [InlineData("""{"overall": 62, "security": 40, "quality": 70, "summary": "Builds SQL fr""", "cut off")]
    [InlineData("", "The model's answer was empty.")]
    [InlineData("```json\n{'overall': 62, 'security': 40, 'quality': 70, 'complexity': 80, 'maintainability': 75, 'summary': 'x',}\n```", "repaired")]
    public async Task AnalyzeFile_MalformedAnswers_GiveAResultAndAWarningNeverACrash(string reply, string warning)
    {
        using var cli = new CliRunner();
        CannedModel.Use(cli, reply);
        CannedModel.WriteFile(cli, "a.py", Code);

        var (code, output) = await cli.RunAsync("analyze", "file", "a.py", "--model", CannedModel.Model);

        code.ShouldBe(0, output);
        output.ShouldContain(warning);
        output.ShouldNotContain("Exception");
        output.ShouldMatch(@"cost \$");
    }

    [Fact]
    public async Task AnalyzeFile_MalformedAnswerThenAgain_AsksTheModelAgainInsteadOfReplayingIt()
    {
        using var cli = new CliRunner();
        CannedModel.Use(cli, "The file builds SQL by hand; I would give it sixty.");
        CannedModel.WriteFile(cli, "a.py", Code);
        await cli.RunAsync("analyze", "file", "a.py", "--model", CannedModel.Model);

        var (code, output) = await cli.RunAsync("analyze", "file", "a.py", "--model", CannedModel.Model, "--json");

        code.ShouldBe(0, output);
        JsonNode.Parse(output)!["cost_usd"]!.GetValue<decimal>().ShouldBeGreaterThan(0m);
        var (_, stats) = await cli.RunAsync("cache", "stats", "--json");
        JsonNode total = JsonNode.Parse(stats)!["totals"]!;
        total["hits"]!.GetValue<long>().ShouldBe(0);
        total["entries"]!.GetValue<long>().ShouldBe(0);
    }

    [Fact]
    public async Task AnalyzeFile_Json_IsTheWholeAnalysis()
    {
        using var cli = new CliRunner();
        CannedModel.Use(cli, CannedModel.Scores);
        CannedModel.WriteFile(cli, "a.py", Code);

        var (code, output) = await cli.RunAsync("analyze", "file", "a.py", "--model", CannedModel.Model, "--json");

        code.ShouldBe(0, output);
        JsonNode analysis = JsonNode.Parse(output)!;
        analysis["path"]!.GetValue<string>().ShouldBe("a.py");
        analysis["scores"]!["security"]!.GetValue<int>().ShouldBe(40);
        analysis["issues"]![0]!["line"]!.GetValue<int>().ShouldBe(2);
        analysis["cost_usd"]!.GetValue<decimal>().ShouldBeGreaterThan(0m);
        analysis["from_store"]!.GetValue<bool>().ShouldBeFalse();
        analysis["partial"]!.GetValue<bool>().ShouldBeFalse();
    }

    [Fact]
    public async Task AnalyzeFile_Sarif_ToStandardOutputOrAFile_PassesTheChecks()
    {
        using var cli = new CliRunner();
        CannedModel.Use(cli, CannedModel.Scores);
        CannedModel.WriteFile(cli, "src/a.py", Code);

        var (code, output) = await cli.RunAsync("analyze", "file", "src/a.py", "--model", CannedModel.Model, "--sarif");
        var (code2, output2) = await cli.RunAsync("analyze", "file", "src/a.py", "--model", CannedModel.Model, "--sarif", "out.sarif");

        code.ShouldBe(0, output);
        SarifChecks.Validate(output).ShouldBeEmpty();
        JsonNode.Parse(output)!["runs"]![0]!["results"]![0]!["locations"]![0]!["physicalLocation"]!["artifactLocation"]!["uri"]!.GetValue<string>().ShouldBe("src/a.py");
        code2.ShouldBe(0, output2);
        output2.ShouldContain("Overall");
        SarifChecks.Validate(File.ReadAllText(Path.Combine(cli.Home, "out.sarif"))).ShouldBeEmpty();
    }

    [Fact]
    public async Task AnalyzeFile_FailUnder_ExitsOneBelowTheScoreAndZeroAbove()
    {
        using var cli = new CliRunner();
        CannedModel.Use(cli, CannedModel.Scores);
        CannedModel.WriteFile(cli, "a.py", Code);

        var (below, output) = await cli.RunAsync("analyze", "file", "a.py", "--model", CannedModel.Model, "--fail-under", "70");
        var (above, _) = await cli.RunAsync("analyze", "file", "a.py", "--model", CannedModel.Model, "--fail-under", "60");
        var (json, jsonOutput) = await cli.RunAsync("analyze", "file", "a.py", "--model", CannedModel.Model, "--fail-under", "70", "--json");

        below.ShouldBe(1);
        output.ShouldContain("scores 62, below --fail-under 70");
        above.ShouldBe(0);
        json.ShouldBe(1);
        JsonNode.Parse(jsonOutput).ShouldNotBeNull();
        cli.StandardError.ShouldContain("below --fail-under 70");
    }

    [Fact]
    public async Task AnalyzeFile_FailUnderWithoutAScore_Fails()
    {
        using var cli = new CliRunner();
        CannedModel.Use(cli, "no json here");
        CannedModel.WriteFile(cli, "a.py", Code);

        var (code, output) = await cli.RunAsync("analyze", "file", "a.py", "--model", CannedModel.Model, "--fail-under", "10");

        code.ShouldBe(1);
        output.ShouldContain("no score to check");
    }

    [Fact]
    public async Task AnalyzeFile_NoProviderConfigured_ExplainsWhatToSetAndExits2()
    {
        using var cli = new CliRunner();
        CannedModel.WriteFile(cli, "a.py", Code);

        var (code, output) = await cli.RunAsync("analyze", "file", "a.py");

        code.ShouldBe(2);
        string flat = output.ReplaceLineEndings(" ").Replace("  ", " ", StringComparison.Ordinal);
        flat.ShouldContain("OPENAI_API_KEY");
        flat.ShouldContain("Ollama");
        flat.ShouldContain("simulated/demo");
        output.ShouldNotContain("Exception");
    }

    [Fact]
    public async Task AnalyzeFile_SimulatedDemoWithNoKeys_Works()
    {
        using var cli = new CliRunner();
        CannedModel.WriteFile(cli, "a.py", Code);

        var (code, output) = await cli.RunAsync("analyze", "file", "a.py", "--model", "simulated/demo", "--json");

        code.ShouldBe(0, output);
        JsonNode analysis = JsonNode.Parse(output)!;
        analysis["scores"]!["overall"]!.GetValue<int>().ShouldBeInRange(0, 100);
        analysis["partial"]!.GetValue<bool>().ShouldBeFalse();
        analysis["cost_usd"]!.GetValue<decimal>().ShouldBe(0m);
    }

    [Theory]
    [InlineData("--json")]
    [InlineData("--sarif")]
    public async Task AnalyzeFile_ErrorsWithAMachineReport_GoToStandardErrorLeavingStandardOutputEmpty(string report)
    {
        using var cli = new CliRunner();
        CannedModel.Use(cli, CannedModel.Scores);
        CannedModel.WriteFile(cli, "empty.py", "");

        var (missing, missingOutput) = await cli.RunAsync("analyze", "file", "missing.py", "--model", CannedModel.Model, report);
        string missingError = cli.StandardError;
        var (empty, emptyOutput) = await cli.RunAsync("analyze", "file", "empty.py", "--model", CannedModel.Model, report);

        missing.ShouldBe(1);
        missingOutput.ShouldBeEmpty();
        missingError.ShouldContain("missing.py");
        empty.ShouldBe(1);
        emptyOutput.ShouldBeEmpty();
        cli.StandardError.ShouldContain("empty.py is empty");
    }

    [Fact]
    public async Task AnalyzeFile_FailingProviderWithJson_ErrorGoesToStandardError()
    {
        using var cli = new CliRunner();
        File.WriteAllText(
            Path.Combine(cli.Home, "purser.json"),
            """{"Purser": {"Providers": {"canned": {"Kind": "simulated", "Simulated": {"FailureRate": 1, "FailureStatus": 500}}}, "Resilience": {"Retry": {"MaxAttempts": 1}}}}""");
        CannedModel.WriteFile(cli, "a.py", Code);

        var (code, output) = await cli.RunAsync("analyze", "file", "a.py", "--model", CannedModel.Model, "--json");

        code.ShouldBe(1);
        output.ShouldBeEmpty();
        cli.StandardError.ShouldNotBeEmpty();
    }

    [Fact]
    public async Task AnalyzeFile_MissingTooLargeOrFolder_AreClearErrors()
    {
        using var cli = new CliRunner();
        CannedModel.Use(cli, CannedModel.Scores, a => a["MaxCodeBytes"] = 20);
        CannedModel.WriteFile(cli, "a.py", Code);
        Directory.CreateDirectory(Path.Combine(cli.Home, "src"));

        var (missing, missingOut) = await cli.RunAsync("analyze", "file", "nope.py", "--model", CannedModel.Model);
        var (large, largeOut) = await cli.RunAsync("analyze", "file", "a.py", "--model", CannedModel.Model);
        var (folder, folderOut) = await cli.RunAsync("analyze", "file", "src", "--model", CannedModel.Model);

        missing.ShouldBe(1);
        missingOut.ShouldContain("No such file: nope.py");
        large.ShouldBe(1);
        largeOut.ShouldContain("Purser:Assistant:MaxCodeBytes");
        folder.ShouldBe(1);
        folderOut.ShouldContain("purser analyze repo src");
    }

    [Fact]
    public async Task AnalyzeFile_InvalidAssistantConfiguration_NamesTheKey()
    {
        using var cli = new CliRunner();
        CannedModel.Use(cli, CannedModel.Scores, a => a["AllowedLanguages"] = new JsonArray("klingon"));
        CannedModel.WriteFile(cli, "a.py", Code);

        var (code, output) = await cli.RunAsync("analyze", "file", "a.py");

        code.ShouldBe(2);
        output.ShouldContain("Purser:Assistant:AllowedLanguages:0");
    }

    [Fact]
    public async Task AnalyzeQuick_SnippetFileOrStdin_PrintsTheAnswerAndCost()
    {
        using var cli = new CliRunner();
        CannedModel.Use(cli, "**Verdict:** fine.\n**Issues:** None found.");
        CannedModel.WriteFile(cli, "a.py", Code);
        cli.StandardInput = "print('hi')\n";

        var (snippet, snippetOut) = await cli.RunAsync("analyze", "quick", "x = eval(input())", "--model", CannedModel.Model);
        var (file, _) = await cli.RunAsync("analyze", "quick", "a.py", "--model", CannedModel.Model);
        var (stdin, stdinJson) = await cli.RunAsync("analyze", "quick", "-", "--language", "python", "--model", CannedModel.Model, "--json");

        snippet.ShouldBe(0, snippetOut);
        snippetOut.ShouldContain("**Verdict:** fine.");
        snippetOut.ShouldMatch(@"cost \$0\.0\d+");
        file.ShouldBe(0);
        stdin.ShouldBe(0, stdinJson);
        JsonNode envelope = JsonNode.Parse(stdinJson)!;
        envelope["operation"]!.GetValue<string>().ShouldBe("quick_analysis");
        envelope["content"]!.GetValue<string>().ShouldStartWith("**Verdict:**");
        envelope["usage"]!["output_tokens"]!.GetValue<long>().ShouldBeGreaterThan(0);
        envelope["model"]!.GetValue<string>().ShouldBe("canned/model");
    }
}
