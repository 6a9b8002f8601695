using System.Text.Json.Nodes;

namespace Purser.Cli.Tests.Assistant;

/// <summary>purser validate: files, folders, standard input, JSON, SARIF, --fail-under and the cross-check.</summary>
public sealed class ValidateCommandTests
{
    private const string Clean = """"
        """Shapes."""


        def area(width: float, height: float) -> float:
            """The area of a rectangle."""
            return width * height
        """";

    private const string Dangerous = """
        import os

        def run(cmd):
            os.system(cmd)
        """;

    [Fact]
    public async Task Validate_CleanFile_PassesWithEveryCheckShown()
    {
        using var cli = new CliRunner();
        CannedModel.WriteFile(cli, "shapes.py", Clean);

        var (code, output) = await cli.RunAsync("validate", "shapes.py");

        code.ShouldBe(0, output);
        output.ShouldContain("shapes.py");
        output.ShouldContain("passed");
        foreach (string check in new[] { "syntax", "security", "types", "documentation", "error_handling", "imports", "logging" })
        {
            output.ShouldContain(check);
        }
    }

    [Fact]
    public async Task Validate_JsonAndFailUnder_ReportsFindingsAndFailsTheGate()
    {
        using var cli = new CliRunner();
        CannedModel.WriteFile(cli, "run.py", Dangerous);

        var (code, output) = await cli.RunAsync("validate", "run.py", "--json", "--fail-under", "80");

        code.ShouldBe(1, output);
        cli.StandardError.ShouldContain("below --fail-under 80");
        JsonNode run = JsonNode.Parse(output)!;
        JsonNode file = run["files"]![0]!;
        file["passed"]!.GetValue<bool>().ShouldBeFalse();
        file["score"]!.GetValue<int>().ShouldBeLessThanOrEqualTo(50);
        file["findings"]!.AsArray().Select(f => $"{f!["rule"]} {f["line"]}").ShouldContain("SEC002 4");
        file["findings"]!.AsArray().Select(f => $"{f!["rule"]} {f["line"]}").ShouldContain("TYP001 3");
    }

    [Fact]
    public async Task Validate_StandardInput_NeedsALanguageAndThenChecksIt()
    {
        using var cli = new CliRunner();
        cli.StandardInput = "const x = ;\n";

        var (refused, message) = await cli.RunAsync("validate", "-");
        var (code, output) = await cli.RunAsync("validate", "-", "--language", "javascript", "--json");

        refused.ShouldBe(2, message);
        message.ShouldContain("--language");
        code.ShouldBe(0, output);
        JsonNode.Parse(output)!["files"]![0]!["findings"]![0]!["rule"]!.GetValue<string>().ShouldBe("SYN001");
    }

    [Fact]
    public async Task Validate_Folder_ValidatesTheKnownLanguagesAndGivesSarif()
    {
        using var cli = new CliRunner();
        CannedModel.WriteFile(cli, "src/shapes.py", Clean);
        CannedModel.WriteFile(cli, "src/run.py", Dangerous);
        CannedModel.WriteFile(cli, "src/data.json", "{\"a\": 1,}\n");
        CannedModel.WriteFile(cli, "src/notes.md", "# not code\n");

        var (code, output) = await cli.RunAsync("validate", "src", "--sarif");

        code.ShouldBe(0, output);
        JsonNode sarif = JsonNode.Parse(output)!;
        sarif["version"]!.GetValue<string>().ShouldBe("2.1.0");
        JsonNode runNode = sarif["runs"]![0]!;
        string[] rules = [.. runNode["tool"]!["driver"]!["rules"]!.AsArray().Select(r => r!["id"]!.GetValue<string>())];
        rules.ShouldContain("purser/sec002");
        rules.ShouldContain("purser/syn001");
        runNode["tool"]!["driver"]!["rules"]!.AsArray().Single(r => r!["id"]!.GetValue<string>() == "purser/sec002")!["help"]!["text"]!.GetValue<string>().ShouldContain("validator");
        string[] files = [.. runNode["results"]!.AsArray().Select(r => r!["locations"]![0]!["physicalLocation"]!["artifactLocation"]!["uri"]!.GetValue<string>()).Distinct()];
        files.ShouldBe(["src/data.json", "src/run.py"], ignoreOrder: true);
    }

    [Fact]
    public async Task Validate_CSharpInsideAProject_IsParseCheckedOnlyAndSaysSo()
    {
        using var cli = new CliRunner();
        CannedModel.WriteFile(cli, "app/App.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />\n");
        CannedModel.WriteFile(cli, "app/Service.cs", "namespace App;\n\n/// <summary>Uses a type of another file.</summary>\npublic sealed class Service(Repository repository)\n{\n}\n");

        var (code, output) = await cli.RunAsync("validate", "app/Service.cs", "--json");

        code.ShouldBe(0, output);
        JsonNode file = JsonNode.Parse(output)!["files"]![0]!;
        file["findings"]!.AsArray().ShouldBeEmpty(); // Repository lives elsewhere in the project: no false compile error
        JsonNode syntax = file["checks"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == "syntax")!;
        syntax["note"]!.GetValue<string>().ShouldContain("App.csproj");
        file["checks"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == "imports")!["status"]!.GetValue<string>().ShouldBe("not_checked");
        file["not_checked"]!.AsArray().Select(n => n!.GetValue<string>()).ShouldBe(["imports"]);
    }

    [Fact]
    public async Task Validate_CrossCheck_AsksAnotherModelAboutCriticalCodeOnly()
    {
        using var cli = new CliRunner();
        GenerateCommandTests.Configure(cli, ("reviewer", """{"verdict": "fail", "summary": "SQL from input.", "findings": [{"line": 4, "severity": "error", "risk": "database", "message": "Parameterise the query."}]}"""));
        CannedModel.WriteFile(cli, "users.py", "\"\"\"Users.\"\"\"\n\n\ndef find(cursor, name: str) -> list:\n    \"\"\"Finds users.\"\"\"\n    cursor.execute(\"SELECT * FROM users WHERE name = ?\", (name,))\n    return cursor.fetchall()\n");
        CannedModel.WriteFile(cli, "shapes.py", Clean);

        var (code, output) = await cli.RunAsync("validate", ".", "--cross-check", "--json");

        code.ShouldBe(0, output);
        JsonNode run = JsonNode.Parse(output)!;
        JsonNode users = run["files"]!.AsArray().Single(f => f!["path"]!.GetValue<string>().EndsWith("users.py", StringComparison.Ordinal))!;
        JsonNode shapes = run["files"]!.AsArray().Single(f => f!["path"]!.GetValue<string>().EndsWith("shapes.py", StringComparison.Ordinal))!;
        JsonNode check = users["checks"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == "cross_check")!;
        check["status"]!.GetValue<string>().ShouldBe("checked");
        users["findings"]!.AsArray().ShouldContain(f => f!["rule"]!.GetValue<string>() == "XCHK" && f["line"]!.GetValue<int>() == 4);
        users["score"]!.GetValue<int>().ShouldBeLessThanOrEqualTo(50); // an error-severity review finding blocks like a security error
        shapes["checks"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == "cross_check")!["status"]!.GetValue<string>().ShouldBe("not_applicable");
        run["cost_usd"]!.GetValue<decimal>().ShouldBeGreaterThan(0m);
    }
}
