using Purser.Assistant.Analysis;

namespace Purser.Assistant.Tests.Analysis;

public sealed class FileAnalysisParserTests
{
    private const string Good = """
        {"overall": 62, "security": 40, "quality": 70, "complexity": 80, "maintainability": 75,
         "summary": "Builds SQL from input.",
         "issues": [
           {"line": 5, "severity": "note", "category": "style", "message": "Long line."},
           {"line": 3, "severity": "error", "category": "security", "message": "SQL injection."}
         ],
         "suggestions": ["Use parameters."]}
        """;

    [Fact]
    public void Parse_GoodAnswer_ReadsEverythingMostSeriousFirst()
    {
        ParsedAnalysis parsed = FileAnalysisParser.Parse(Good, fileLines: 10);

        parsed.Partial.ShouldBeFalse();
        parsed.Warnings.ShouldBeEmpty();
        parsed.Scores.ShouldBe(new AnalysisScores { Overall = 62, Security = 40, Quality = 70, Complexity = 80, Maintainability = 75 });
        parsed.Summary.ShouldBe("Builds SQL from input.");
        parsed.Issues[0].ShouldBe(new AnalysisIssue { Line = 3, Severity = "error", Category = "security", Message = "SQL injection." });
        parsed.Issues[1].Line.ShouldBe(5);
        parsed.Suggestions.ShouldBe(["Use parameters."]);
    }

    [Fact]
    public void Parse_MissingOverall_IsTheMeanWithAWarning()
    {
        ParsedAnalysis parsed = FileAnalysisParser.Parse("""{"security": 40, "quality": 60, "complexity": 80, "maintainability": 100, "summary": "s"}""", 10);

        parsed.Scores.Overall.ShouldBe(70);
        parsed.Partial.ShouldBeFalse();
        parsed.Warnings.ShouldContain(w => w.Contains("mean"));
    }

    [Fact]
    public void Parse_MissingDimension_IsPartialAndNamesIt()
    {
        ParsedAnalysis parsed = FileAnalysisParser.Parse("""{"overall": 70, "security": 40, "quality": 60, "summary": "s"}""", 10);

        parsed.Partial.ShouldBeTrue();
        parsed.Scores.Complexity.ShouldBeNull();
        parsed.Warnings.ShouldContain("The model gave no complexity score.");
        parsed.Warnings.ShouldContain("The model gave no maintainability score.");
    }

    [Fact]
    public void Parse_OutOfRangeAndStringScores_AreClampedAndRead()
    {
        ParsedAnalysis parsed = FileAnalysisParser.Parse("""{"overall": 140, "security": "85/100", "quality": -5, "complexity": "80", "maintainability": 70.6, "summary": "s"}""", 10);

        parsed.Scores.ShouldBe(new AnalysisScores { Overall = 100, Security = 85, Quality = 0, Complexity = 80, Maintainability = 71 });
        parsed.Warnings.Count(w => w.Contains("clamped")).ShouldBe(2);
    }

    [Fact]
    public void Parse_NestedScoresAndStringIssues_AreAccepted()
    {
        ParsedAnalysis parsed = FileAnalysisParser.Parse("""{"scores": {"overall": 90, "security": 90, "quality": 90, "complexity": 90, "maintainability": 90}, "summary": "s", "issues": ["Something vague"]}""", 10);

        parsed.Scores.IsComplete.ShouldBeTrue();
        parsed.Issues.Single().Message.ShouldBe("Something vague");
        parsed.Issues.Single().Line.ShouldBeNull();
    }

    [Theory]
    [InlineData("\"none\"")]
    [InlineData("\"No issues found.\"")]
    [InlineData("[\"N/A\"]")]
    [InlineData("\"\"")]
    public void Parse_IssuesSayingThereAreNone_AreNoIssues(string issues)
    {
        ParsedAnalysis parsed = FileAnalysisParser.Parse($$"""{"overall": 90, "security": 90, "quality": 90, "complexity": 90, "maintainability": 90, "summary": "s", "issues": {{issues}}}""", 10);

        parsed.Issues.ShouldBeEmpty();
        parsed.Partial.ShouldBeFalse();
    }

    [Fact]
    public void Parse_LinePastTheEndOfTheFile_IsDroppedWithAWarning()
    {
        ParsedAnalysis parsed = FileAnalysisParser.Parse("""{"overall": 90, "security": 90, "quality": 90, "complexity": 90, "maintainability": 90, "summary": "s", "issues": [{"line": 400, "message": "m"}]}""", 12);

        parsed.Issues.Single().Line.ShouldBeNull();
        parsed.Warnings.ShouldContain(w => w.Contains("past the end") && w.Contains("12 lines"));
    }

    [Fact]
    public void Parse_Prose_IsAPartialResultWithTheTextAsSummary()
    {
        ParsedAnalysis parsed = FileAnalysisParser.Parse("This code is mostly fine but has an injection bug.", 10);

        parsed.Partial.ShouldBeTrue();
        parsed.Summary.ShouldBe("This code is mostly fine but has an injection bug.");
        parsed.Scores.Overall.ShouldBeNull();
        parsed.Warnings.ShouldContain("The model did not answer in JSON.");
    }

    [Fact]
    public void Parse_EmptyAnswer_IsPartialWithAWarning()
    {
        ParsedAnalysis parsed = FileAnalysisParser.Parse("", 10);

        parsed.Partial.ShouldBeTrue();
        parsed.Summary.ShouldBe("");
        parsed.Warnings.ShouldBe(["The model's answer was empty."]);
    }

    [Fact]
    public void Parse_TruncatedAnswer_KeepsTheScoresButIsPartial()
    {
        ParsedAnalysis parsed = FileAnalysisParser.Parse("""{"overall": 62, "security": 40, "quality": 70, "complexity": 80, "maintainability": 75, "summary": "Builds SQL", "issues": [{"line": 3, "severity": "err""", 10);

        parsed.Scores.IsComplete.ShouldBeTrue();
        parsed.Partial.ShouldBeTrue();
        parsed.Warnings.ShouldContain(w => w.Contains("cut off"));
    }
}
