using Purser.Assistant.Review;

namespace Purser.Assistant.Tests.Review;

public sealed class ReviewParserTests
{
    [Fact]
    public void Parse_GoodAnswer_ReadsFindingsWithFiles()
    {
        const string answer = """
            {"summary": "Adds shell execution.", "verdict": "request_changes",
             "findings": [{"file": "b/src/app.py", "line": 5, "end_line": 6, "severity": "error", "category": "security", "title": "Shell injection", "message": "cmd reaches a shell.", "suggestion": "Pass a list."}]}
            """;

        ParsedReview review = ReviewParser.Parse(answer, ["src/app.py", "README.md"]);

        review.Partial.ShouldBeFalse();
        review.Verdict.ShouldBe("request_changes");
        review.Findings.Single().ShouldBe(new ReviewFinding
        {
            File = "src/app.py",
            Line = 5,
            EndLine = 6,
            Severity = "error",
            Category = "security",
            Title = "Shell injection",
            Message = "cmd reaches a shell.",
            Suggestion = "Pass a list.",
        });
        review.Warnings.ShouldBeEmpty();
    }

    [Fact]
    public void Parse_MissingOrUnknownVerdict_IsDerivedFromTheFindings()
    {
        ParsedReview review = ReviewParser.Parse("""{"summary": "s", "verdict": "lgtm", "findings": [{"severity": "warning", "message": "m"}]}""", ["a.py"]);

        review.Verdict.ShouldBe("comment");
        review.Findings.Single().File.ShouldBe("a.py");
        review.Warnings.ShouldContain(w => w.Contains("'lgtm'"));
    }

    [Fact]
    public void Parse_FindingInAFileNotReviewed_IsUnplacedWithAWarning()
    {
        ParsedReview review = ReviewParser.Parse("""{"summary": "s", "findings": [{"file": "elsewhere.py", "line": 1, "message": "m"}]}""", ["a.py", "b.py"]);

        review.Findings.Single().File.ShouldBeNull();
        review.Warnings.ShouldContain(w => w.Contains("not in the reviewed code"));
    }

    [Fact]
    public void Parse_Prose_IsAPartialReviewWithTheTextAsSummary()
    {
        ParsedReview review = ReviewParser.Parse("Looks fine, but line 3 leaks a file handle.", ["a.py"]);

        review.Partial.ShouldBeTrue();
        review.Summary.ShouldContain("leaks a file handle");
        review.Findings.ShouldBeEmpty();
        review.Warnings.ShouldContain("The model did not answer in JSON.");
    }

    [Fact]
    public void Worse_OrdersVerdicts()
    {
        ReviewParser.Worse("approve", "comment").ShouldBe("comment");
        ReviewParser.Worse("request_changes", "comment").ShouldBe("request_changes");
        ReviewParser.Worse("approve", "approve").ShouldBe("approve");
    }
}
