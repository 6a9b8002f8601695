using System.Text.Json.Nodes;
using Purser.Assistant.Analysis;
using Purser.Assistant.Hosting;
using Purser.Assistant.Review;
using Purser.Assistant.Sarif;
using Purser.Tests;

namespace Purser.Assistant.Tests.Sarif;

public sealed class SarifWriterTests
{
    private static readonly FileAnalysis[] Analyses =
    [
        new()
        {
            Path = "src/db/query.py",
            Issues =
            [
                new AnalysisIssue { Line = 12, Severity = "error", Category = "security", Message = "SQL built from input." },
                new AnalysisIssue { Line = null, Severity = "note", Category = "documentation", Message = "No docstring." },
            ],
        },
        new()
        {
            Path = "web/my page.ts",
            Issues = [new AnalysisIssue { Line = 3, Severity = "warning", Category = "Error Handling!", Message = "Swallowed error." }],
        },
    ];

    [Fact]
    public void FromAnalyses_PassesTheSchemaAndGitHubChecks()
    {
        string sarif = SarifWriter.FromAnalyses(Analyses, new SarifOptions(), "1.2.3", "/work/repo");

        SarifChecks.Validate(sarif).ShouldBeEmpty();
    }

    [Fact]
    public void FromAnalyses_OneRulePerCategoryAndResultsPointAtFileAndLine()
    {
        JsonObject log = JsonNode.Parse(SarifWriter.FromAnalyses(Analyses, new SarifOptions(), "1.2.3", "/work/repo"))!.AsObject();

        JsonObject run = log["runs"]![0]!.AsObject();
        run["tool"]!["driver"]!["name"]!.GetValue<string>().ShouldBe("Purser");
        run["tool"]!["driver"]!["rules"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()).ShouldBe(["purser/security", "purser/documentation", "purser/error-handling"]);
        run["originalUriBaseIds"]!["%SRCROOT%"]!["uri"]!.GetValue<string>().ShouldBe("file:///work/repo/");
        JsonArray results = run["results"]!.AsArray();
        results.Count.ShouldBe(3);
        JsonObject first = results[0]!.AsObject();
        first["level"]!.GetValue<string>().ShouldBe("error");
        first["message"]!["text"]!.GetValue<string>().ShouldBe("SQL built from input.");
        JsonNode location = first["locations"]![0]!["physicalLocation"]!;
        location["artifactLocation"]!["uri"]!.GetValue<string>().ShouldBe("src/db/query.py");
        location["artifactLocation"]!["uriBaseId"]!.GetValue<string>().ShouldBe("%SRCROOT%");
        location["region"]!["startLine"]!.GetValue<int>().ShouldBe(12);
        results[1]!["locations"]![0]!["physicalLocation"]!["region"]!["startLine"]!.GetValue<int>().ShouldBe(1);
        results[2]!["locations"]![0]!["physicalLocation"]!["artifactLocation"]!["uri"]!.GetValue<string>().ShouldBe("web/my%20page.ts");
        results[2]!["ruleIndex"]!.GetValue<int>().ShouldBe(2);
    }

    [Theory]
    [InlineData(".github/workflows/ci.yml", ".github/workflows/ci.yml")]
    [InlineData(".eslintrc.js", ".eslintrc.js")]
    [InlineData("./src/a.py", "src/a.py")]
    [InlineData("././.env.example", ".env.example")]
    public void FromAnalyses_DotFilesAndDotFolders_KeepTheirLeadingDot(string path, string uri)
    {
        FileAnalysis[] analyses = [new() { Path = path, Issues = [new AnalysisIssue { Line = 2, Severity = "warning", Category = "bug", Message = "x" }] }];

        string sarif = SarifWriter.FromAnalyses(analyses, new SarifOptions(), "1", "/work/repo");

        SarifChecks.Validate(sarif).ShouldBeEmpty();
        JsonNode.Parse(sarif)!["runs"]![0]!["results"]![0]!["locations"]![0]!["physicalLocation"]!["artifactLocation"]!["uri"]!.GetValue<string>().ShouldBe(uri);
    }

    [Fact]
    public void FromAnalyses_SecurityRule_HasASecuritySeverityForGitHub()
    {
        JsonArray rules = JsonNode.Parse(SarifWriter.FromAnalyses(Analyses, new SarifOptions(), "1", null))!["runs"]![0]!["tool"]!["driver"]!["rules"]!.AsArray();

        rules[0]!["properties"]!["security-severity"]!.GetValue<string>().ShouldBe("7.5");
        rules[1]!["properties"]!["security-severity"].ShouldBeNull();
    }

    [Fact]
    public void FromAnalyses_FingerprintsAreStableAcrossRunsAndDistinctAcrossFindings()
    {
        JsonArray a = JsonNode.Parse(SarifWriter.FromAnalyses(Analyses, new SarifOptions(), "1", null))!["runs"]![0]!["results"]!.AsArray();
        JsonArray b = JsonNode.Parse(SarifWriter.FromAnalyses(Analyses, new SarifOptions(), "1", null))!["runs"]![0]!["results"]!.AsArray();

        string[] first = [.. a.Select(r => r!["partialFingerprints"]!.ToJsonString())];
        first.ShouldBe([.. b.Select(r => r!["partialFingerprints"]!.ToJsonString())]);
        first.Distinct().Count().ShouldBe(3);
    }

    [Fact]
    public void FromReview_UsesFileLineAndEndLine()
    {
        var review = new ReviewResult
        {
            Files = ["src/app.py"],
            Findings = [new ReviewFinding { File = "src/app.py", Line = 5, EndLine = 7, Severity = "warning", Category = "bug", Title = "Off by one", Message = "The loop skips the last item.", Suggestion = "Use <=." }],
        };

        string sarif = SarifWriter.FromReview(review, new SarifOptions { InformationUri = "https://example.com/purser", HelpUriBase = "https://example.com/rules" }, "1", null);

        SarifChecks.Validate(sarif).ShouldBeEmpty();
        JsonNode log = JsonNode.Parse(sarif)!;
        JsonNode result = log["runs"]![0]!["results"]![0]!;
        result["message"]!["text"]!.GetValue<string>().ShouldBe("Off by one: The loop skips the last item. Fix: Use <=.");
        result["locations"]![0]!["physicalLocation"]!["region"]!["endLine"]!.GetValue<int>().ShouldBe(7);
        log["runs"]![0]!["tool"]!["driver"]!["informationUri"]!.GetValue<string>().ShouldBe("https://example.com/purser");
        log["runs"]![0]!["tool"]!["driver"]!["rules"]![0]!["helpUri"]!.GetValue<string>().ShouldBe("https://example.com/rules#bug");
    }

    [Fact]
    public void Write_NoFindings_IsAValidEmptyRun()
    {
        string sarif = SarifWriter.Write([], new SarifOptions(), "1");

        SarifChecks.Validate(sarif).ShouldBeEmpty();
        JsonNode.Parse(sarif)!["runs"]![0]!["results"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public void Checks_CatchBrokenLogs()
    {
        SarifChecks.Validate("""{"version": "2.0.0", "runs": [{"tool": {"driver": {}}, "results": [{"ruleId": "x", "ruleIndex": 3, "level": "fatal", "locations": []}]}]}""")
            .Count.ShouldBeGreaterThanOrEqualTo(7);
    }
}
