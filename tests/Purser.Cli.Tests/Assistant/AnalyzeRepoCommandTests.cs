using System.Text.Json.Nodes;
using Purser.Tests;

namespace Purser.Cli.Tests.Assistant;

public sealed class AnalyzeRepoCommandTests
{
    private static string Tree(CliRunner cli)
    {
        string root = Path.Combine(cli.Home, "shop");
        CannedModel.WriteFile(cli, "shop/.gitignore", "build/\n");
        CannedModel.WriteFile(cli, "shop/src/cart.py", "def total(items):\n    return sum(i.price for i in items)\n");
        CannedModel.WriteFile(cli, "shop/src/pay.ts", "export function pay(n: number) { return n; }\n");
        CannedModel.WriteFile(cli, "shop/README.md", "# Shop\n");
        CannedModel.WriteFile(cli, "shop/build/out.js", "ignored()\n");
        File.WriteAllBytes(Path.Combine(root, "logo.png"), [0x89, 0x50, 0x4E, 0x47, 0, 0, 1, 2]);
        return root;
    }

    [Fact]
    public async Task AnalyzeRepo_PlainTerminal_PrintsProgressLinesThenTheSummary()
    {
        using var cli = new CliRunner();
        CannedModel.Use(cli, CannedModel.Scores);
        Tree(cli);

        var (code, output) = await cli.RunAsync("analyze", "repo", "shop", "--model", CannedModel.Model, "--concurrency", "2");

        code.ShouldBe(0, output);
        output.ShouldContain("Analyzing 2 file(s).");
        output.ShouldMatch(@"\[1/2\] src/\S+  score 62  \$0\.0\d+  \(so far \$0\.0\d+, ETA \d\d:\d\d\)");
        output.ShouldMatch(@"\[2/2\] src/\S+  score 62");
        output.ShouldContain("files most in need of work first");
        output.ShouldContain("Averages by language");
        output.ShouldContain("TypeScript");
        output.ShouldContain("Left out:");
        output.ShouldContain("binary file (1)");
        output.ShouldMatch(@"Repository score 62 \(mean overall of 2 file\(s\)\)");
        output.ShouldMatch(@"total cost \$0\.0\d+");
        output.ShouldNotContain("build/out.js");
    }

    [Fact]
    public async Task AnalyzeRepo_SecondRun_SkipsUnchangedFilesAtNoCost()
    {
        using var cli = new CliRunner();
        CannedModel.Use(cli, CannedModel.Scores);
        Tree(cli);
        await cli.RunAsync("analyze", "repo", "shop", "--model", CannedModel.Model);

        var (code, output) = await cli.RunAsync("analyze", "repo", "shop", "--model", CannedModel.Model, "--json");

        code.ShouldBe(0, output);
        JsonNode result = JsonNode.Parse(output)!;
        result["files"]!.AsArray().ShouldAllBe(f => f!["status"]!.GetValue<string>() == "reused");
        result["cost_usd"]!.GetValue<decimal>().ShouldBe(0m);
        result["average_overall"]!.GetValue<double>().ShouldBe(62);
    }

    [Fact]
    public async Task AnalyzeRepo_InteractiveTerminal_DrawsTheProgressBarAndTheSummary()
    {
        using var cli = new CliRunner { Interactive = true };
        CannedModel.Use(cli, CannedModel.Scores);
        Tree(cli);

        var (code, raw) = await cli.RunAsync("analyze", "repo", "shop", "--model", CannedModel.Model);

        string output = System.Text.RegularExpressions.Regex.Replace(raw, @"\x1b\[[0-9;?]*[A-Za-z]", "");
        code.ShouldBe(0, output);
        output.ShouldContain("2/2 files");
        output.ShouldContain("ETA");
        output.ShouldContain("100%");
        output.ShouldContain("Averages by language");
    }

    [Fact]
    public async Task AnalyzeRepo_SarifFileJsonAndFailUnder_ForCi()
    {
        using var cli = new CliRunner();
        CannedModel.Use(cli, CannedModel.Scores);
        Tree(cli);

        var (code, output) = await cli.RunAsync("analyze", "repo", "shop", "--model", CannedModel.Model, "--sarif", "purser.sarif", "--fail-under", "70");

        code.ShouldBe(1);
        output.ShouldContain("Repository shop scores 62, below --fail-under 70");
        string sarif = File.ReadAllText(Path.Combine(cli.Home, "purser.sarif"));
        SarifChecks.Validate(sarif).ShouldBeEmpty();
        JsonNode.Parse(sarif)!["runs"]![0]!["results"]!.AsArray().Select(r => r!["locations"]![0]!["physicalLocation"]!["artifactLocation"]!["uri"]!.GetValue<string>())
            .Order().ShouldBe(["src/cart.py", "src/pay.ts"]);
    }

    [Fact]
    public async Task AnalyzeRepo_MaxCost_StopsBeforeExceedingIt()
    {
        using var cli = new CliRunner();
        CannedModel.Use(cli, CannedModel.Scores);
        Tree(cli);

        var (code, output) = await cli.RunAsync("analyze", "repo", "shop", "--model", CannedModel.Model, "--max-cost", "0.0000001", "--json");

        code.ShouldBe(0, output);
        JsonNode result = JsonNode.Parse(output)!;
        result["stopped_because"]!.GetValue<string>().ShouldContain("--max-cost");
        result["cost_usd"]!.GetValue<decimal>().ShouldBe(0m);
        result["files"]!.AsArray().ShouldAllBe(f => f!["status"]!.GetValue<string>() == "not_analyzed");
    }

    [Fact]
    public async Task AnalyzeRepo_RegisteredName_ResolvesToItsFolder()
    {
        using var cli = new CliRunner();
        CannedModel.Use(cli, CannedModel.Scores);
        string root = Tree(cli);
        await cli.RunAsync("repo", "add", root, "--name", "webshop");

        var (code, output) = await cli.RunAsync("analyze", "repo", "webshop", "--model", CannedModel.Model, "--json");

        code.ShouldBe(0, output);
        JsonNode.Parse(output)!["repository"]!.GetValue<string>().ShouldBe("webshop");
        var (_, costs) = await cli.RunAsync("costs", "--period", "all", "--by", "repository", "--json");
        JsonNode.Parse(costs)!["report"]!["groups"]![0]!["key"]!.GetValue<string>().ShouldBe("webshop");
    }

    [Fact]
    public async Task AnalyzeRepo_NoProviderOrUnknownTarget_AreClearErrors()
    {
        using var cli = new CliRunner();
        Tree(cli);

        var (noProvider, noProviderOut) = await cli.RunAsync("analyze", "repo", "shop");
        var (unknown, unknownOut) = await cli.RunAsync("analyze", "repo", "nowhere");

        noProvider.ShouldBe(2);
        noProviderOut.ReplaceLineEndings(" ").ShouldContain("OPENAI_API_KEY");
        unknown.ShouldBe(1);
        unknownOut.ShouldContain("No such folder or registered repository: nowhere");
    }
}
