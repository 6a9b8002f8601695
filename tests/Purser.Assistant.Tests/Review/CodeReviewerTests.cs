using Purser.Assistant.Calls;
using Purser.Assistant.Files;
using Purser.Assistant.Hosting;
using Purser.Assistant.Review;
using Purser.Assistant.Tests.TestSupport;

namespace Purser.Assistant.Tests.Review;

public sealed class CodeReviewerTests
{
    private const string Answer = """{"summary": "ok", "verdict": "comment", "findings": [{"file": "src/app.py", "line": 5, "severity": "warning", "category": "security", "title": "t", "message": "m"}]}""";

    [Fact]
    public async Task ReviewDiff_SmallDiff_IsOneCodeReviewCall()
    {
        using var fixture = new AssistantFixture();
        fixture.Backend.Answer = Answer;

        ReviewOutcome outcome = await fixture.Reviewer().ReviewDiffAsync(DiffSamples.TwoFiles, new ReviewRequest { Model = AssistantFixture.Model }, default);

        ReviewResult review = outcome.Result!;
        review.Calls.ShouldBe(1);
        review.Verdict.ShouldBe("comment");
        review.Findings.Single().File.ShouldBe("src/app.py");
        review.Files.ShouldBe(["src/app.py", "README.md"]);
        review.Skipped.Count.ShouldBe(2);
        review.CostUsd.ShouldBe(0.001m);
        var (request, spec) = fixture.Backend.Sent.Single();
        spec.Operation.ShouldBe("code_review");
        request.LatestUserText().ShouldContain("+import subprocess");
        request.LatestUserText().ShouldContain("2 files: src/app.py, README.md");
    }

    [Fact]
    public async Task ReviewDiff_OverTheBudget_IsSplitIntoSeveralCallsAndSaysSo()
    {
        using var fixture = new AssistantFixture(new AssistantOptions { Review = new ReviewOptions { MaxDiffTokens = 600 } });
        fixture.Backend.Answer = Answer;
        string diff = DiffSamples.Generated(files: 4, hunks: 1, linesPerHunk: 12);

        ReviewResult review = (await fixture.Reviewer().ReviewDiffAsync(diff, new ReviewRequest { Model = AssistantFixture.Model }, default)).Result!;

        review.Calls.ShouldBeGreaterThan(1);
        fixture.Backend.Calls.ShouldBe(review.Calls);
        review.Notes[0].ShouldContain("over the review budget of 600 tokens");
        review.CostUsd.ShouldBe(0.001m * review.Calls);
        review.Summary.ShouldContain("Part 1:");
    }

    [Fact]
    public void ReviewDiff_BudgetFollowsTheModelsContextWindow()
    {
        using var fixture = new AssistantFixture(new AssistantOptions { Review = new ReviewOptions { MaxDiffTokens = 1_000_000 } });

        int budget = fixture.Reviewer().BudgetFor("openai/gpt-4o-mini", out _);

        budget.ShouldBe(128_000 - 4_000 - 2_000);
    }

    [Fact]
    public async Task ReviewDiff_OnePartFails_TheRestIsReviewedAndTheFailureReported()
    {
        using var fixture = new AssistantFixture(new AssistantOptions { Review = new ReviewOptions { MaxDiffTokens = 600 } });
        int calls = 0;
        fixture.Backend.Answer = Answer;
        fixture.Backend.Gate = () =>
        {
            fixture.Backend.Error = Interlocked.Increment(ref calls) == 1 ? new AssistantError(502, "upstream_http", "boom") : null;
            return Task.CompletedTask;
        };

        ReviewResult review = (await fixture.Reviewer().ReviewDiffAsync(DiffSamples.Generated(4, 1, 12), new ReviewRequest { Model = AssistantFixture.Model }, default)).Result!;

        review.Partial.ShouldBeTrue();
        review.Warnings.ShouldContain(w => w.StartsWith("Part 1") && w.Contains("boom"));
        review.Calls.ShouldBe(fixture.Backend.Calls - 1);
    }

    [Fact]
    public async Task ReviewContent_WholeFileWithCursor_NumbersLinesAndPassesTheCursor()
    {
        using var fixture = new AssistantFixture();
        fixture.Backend.Answer = Answer.Replace("src/app.py", "app.py", StringComparison.Ordinal);

        ReviewOutcome outcome = await fixture.Reviewer().ReviewContentAsync(SourceFile.FromText("app.py", "a = 1\nb = eval(a)\n", null), "line 2", new ReviewRequest { Model = AssistantFixture.Model, Origin = "api" }, default);

        outcome.Result!.Findings.Single().File.ShouldBe("app.py");
        var (request, spec) = fixture.Backend.Sent.Single();
        spec.Origin.ShouldBe("api");
        request.LatestUserText().ShouldContain("2| b = eval(a)");
        request.LatestUserText().ShouldContain("<cursor_context>\nline 2\n</cursor_context>");
    }
}
