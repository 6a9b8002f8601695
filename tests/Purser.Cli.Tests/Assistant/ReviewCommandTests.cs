using System.Text.Json.Nodes;
using Purser.Tests;

namespace Purser.Cli.Tests.Assistant;

public sealed class ReviewCommandTests
{
    private const string Findings = """
        {"summary": "Runs shell commands from input.", "verdict": "request_changes",
         "findings": [{"file": "src/run.py", "line": 3, "severity": "error", "category": "security", "title": "Shell injection", "message": "cmd reaches a shell.", "suggestion": "Pass an argument list."}]}
        """;

    private static string Repository(CliRunner cli)
    {
        string root = GitRepository.Create(cli);
        GitRepository.Write(root, "src/run.py", "import os\n\ndef run(cmd):\n    pass\n");
        GitRepository.Commit(root, "first");
        return root;
    }

    [Fact]
    public async Task Review_WorkingTreeChanges_ShowsVerdictFindingsAndCost()
    {
        using var cli = new CliRunner();
        CannedModel.Use(cli, Findings);
        string root = Repository(cli);
        GitRepository.Write(root, "src/run.py", "import os\n\ndef run(cmd):\n    return os.system(cmd)\n");

        var (code, output) = await cli.RunAsync("review", "--model", CannedModel.Model);

        code.ShouldBe(0, output);
        output.ShouldContain("Review of git diff HEAD");
        output.ShouldContain("request changes");
        output.ShouldContain("src/run.py:3");
        output.ShouldContain("Shell injection");
        output.ShouldContain("Pass an argument list.");
        output.ShouldMatch(@"cost \$0\.0\d+");
    }

    [Fact]
    public async Task Review_StagedAndBase_ReviewTheRightChanges()
    {
        using var cli = new CliRunner();
        CannedModel.Use(cli, Findings);
        string root = Repository(cli);
        GitRepository.Git(root, "checkout", "-q", "-b", "feature");
        GitRepository.Write(root, "src/new.py", "print('committed on the branch')\n");
        GitRepository.Commit(root, "feature work");
        GitRepository.Write(root, "src/staged.py", "print('staged')\n");
        GitRepository.Git(root, "add", "src/staged.py");

        var (staged, stagedOut) = await cli.RunAsync("review", "--staged", "--model", CannedModel.Model, "--json");
        var (based, basedOut) = await cli.RunAsync("review", "--base", "main", "--model", CannedModel.Model, "--json");

        staged.ShouldBe(0, stagedOut);
        JsonNode.Parse(stagedOut)!["result"]!["files"]!.AsArray().Select(f => f!.GetValue<string>()).ShouldBe(["src/staged.py"]);
        based.ShouldBe(0, basedOut);
        JsonNode.Parse(basedOut)!["result"]!["files"]!.AsArray().Select(f => f!.GetValue<string>()).ShouldBe(["src/new.py"]);
    }

    [Fact]
    public async Task Review_NothingChanged_SaysSoWithoutCallingAModel()
    {
        using var cli = new CliRunner();
        Repository(cli);

        var (code, output) = await cli.RunAsync("review");

        code.ShouldBe(0, output);
        output.ShouldContain("Nothing to review");
    }

    [Fact]
    public async Task Review_NothingChangedWithJsonOrSarif_StillPrintsAValidEmptyReport()
    {
        using var cli = new CliRunner();
        Repository(cli);

        var (jsonCode, json) = await cli.RunAsync("review", "--json");
        var (sarifCode, sarif) = await cli.RunAsync("review", "--sarif");

        jsonCode.ShouldBe(0, json);
        JsonNode envelope = JsonNode.Parse(json)!;
        envelope["operation"]!.GetValue<string>().ShouldBe("code_review");
        envelope["result"]!["findings"]!.AsArray().ShouldBeEmpty();
        sarifCode.ShouldBe(0, sarif);
        JsonNode.Parse(sarif)!["runs"]![0]!["results"]!.AsArray().ShouldBeEmpty();
        cli.StandardError.ShouldContain("Nothing to review");
    }

    [Fact]
    public async Task Review_NotARepositoryOrUnknownBase_IsAClearError()
    {
        using var cli = new CliRunner();
        CannedModel.Use(cli, Findings);
        var (notRepo, notRepoOut) = await cli.RunAsync("review", "--model", CannedModel.Model);
        Repository(cli);
        var (badBase, badBaseOut) = await cli.RunAsync("review", "--base", "no-such-branch", "--model", CannedModel.Model);

        notRepo.ShouldBe(1);
        notRepoOut.ShouldContain("not inside a git repository");
        badBase.ShouldBe(1);
        badBaseOut.ShouldContain("no-such-branch");
    }

    [Fact]
    public async Task Review_LargeDiff_IsSplitByFileAndSaysSo()
    {
        using var cli = new CliRunner();
        CannedModel.Use(cli, Findings, a => a["Review"] = new JsonObject { ["MaxDiffTokens"] = 700, ["LargeDiffPolicy"] = "split" });
        string root = Repository(cli);
        for (int f = 0; f < 4; f++)
        {
            GitRepository.Write(root, $"src/m{f}.py", string.Concat(Enumerable.Range(0, 40).Select(i => $"value_{f}_{i} = compute({i}, 'text')\n")));
        }

        GitRepository.Git(root, "add", "-A");

        var (code, output) = await cli.RunAsync("review", "--staged", "--model", CannedModel.Model, "--json");

        code.ShouldBe(0, output);
        JsonNode result = JsonNode.Parse(output)!["result"]!;
        result["calls"]!.GetValue<int>().ShouldBeGreaterThan(1);
        result["notes"]![0]!.GetValue<string>().ShouldContain("over the review budget of 700 tokens");
        result["notes"]![0]!.GetValue<string>().ShouldContain("LargeDiffPolicy=split");
    }

    [Fact]
    public async Task Review_DiffFromStandardInput_SarifAndFailOn()
    {
        using var cli = new CliRunner();
        CannedModel.Use(cli, Findings);
        cli.StandardInput = """
            diff --git a/src/run.py b/src/run.py
            --- a/src/run.py
            +++ b/src/run.py
            @@ -1,3 +1,4 @@
             import os
            +
             def run(cmd):
            -    pass
            +    return os.system(cmd)
            """;

        var (code, output) = await cli.RunAsync("review", "--diff", "-", "--model", CannedModel.Model, "--sarif", "--fail-on", "error");

        code.ShouldBe(1);
        SarifChecks.Validate(output).ShouldBeEmpty();
        JsonNode.Parse(output)!["runs"]![0]!["results"]![0]!["ruleId"]!.GetValue<string>().ShouldBe("purser/security");
        cli.StandardError.ShouldContain("1 finding(s) at --fail-on error");
    }

    [Fact]
    public async Task Review_MalformedAnswer_IsAPartialReviewWithAWarning()
    {
        using var cli = new CliRunner();
        CannedModel.Use(cli, "Looks okay to me, ship it.");
        cli.StandardInput = "diff --git a/a.py b/a.py\n--- a/a.py\n+++ b/a.py\n@@ -1 +1 @@\n-x = 1\n+x = 2\n";

        var (code, output) = await cli.RunAsync("review", "--diff", "-", "--model", CannedModel.Model);

        code.ShouldBe(0, output);
        output.ShouldContain("Looks okay to me, ship it.");
        output.ShouldContain("The model did not answer in JSON.");
    }
}
