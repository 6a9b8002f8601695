using Purser.Assistant.Review;

namespace Purser.Assistant.Tests.Review;

public sealed class DiffPlannerTests
{
    // One "token" per 4 characters: simple, and enough to exercise the budget arithmetic.
    private static readonly Func<string, long> Count = text => (text.Length + 3) / 4;

    [Fact]
    public void Plan_SmallDiff_IsOneCallAndLeavesOutBinaryAndDeletedFiles()
    {
        ReviewPlan plan = DiffPlanner.Plan(UnifiedDiff.Parse(DiffSamples.TwoFiles), 10_000, "split", 10, Count);

        plan.Parts.Single().Files.ShouldBe(["src/app.py", "README.md"]);
        plan.Parts.Single().Clipped.ShouldBeFalse();
        plan.Notes.ShouldBeEmpty();
        plan.Skipped.ShouldContain(new SkippedFile("old.txt", "deleted (nothing to review)"));
        plan.Skipped.ShouldContain(new SkippedFile("logo.png", "binary file"));
    }

    [Fact]
    public void Plan_SplitPolicy_GroupsWholeFilesIntoPartsThatFit()
    {
        IReadOnlyList<FileDiff> files = UnifiedDiff.Parse(DiffSamples.Generated(files: 6, hunks: 2, linesPerHunk: 10));
        long perFile = Count(files[0].Text);

        ReviewPlan plan = DiffPlanner.Plan(files, (int)(perFile * 2.5), "split", 10, Count);

        plan.Parts.Count.ShouldBe(3);
        plan.Parts.ShouldAllBe(p => p.Files.Count == 2 && !p.Clipped);
        plan.Parts.SelectMany(p => p.Files).ShouldBe(files.Select(f => f.Path));
        plan.Parts.ShouldAllBe(p => p.Tokens <= perFile * 2.5);
        plan.Notes[0].ShouldContain("reviewed in 3 part(s)");
        plan.Notes[0].ShouldContain("LargeDiffPolicy=split");
    }

    [Fact]
    public void Plan_SplitPolicy_ClipsAFileTooLargeOnItsOwn()
    {
        IReadOnlyList<FileDiff> files = UnifiedDiff.Parse(DiffSamples.Generated(files: 1, hunks: 6, linesPerHunk: 10));
        long perHunk = Count(files[0].Hunks[0]);

        ReviewPlan plan = DiffPlanner.Plan(files, (int)(perHunk * 3), "split", 10, Count);

        ReviewPart part = plan.Parts.Single();
        part.Clipped.ShouldBeTrue();
        part.Diff.ShouldContain("clipped to fit the review budget");
        Count(part.Diff).ShouldBeLessThanOrEqualTo(perHunk * 3 + 30);
        plan.Notes.ShouldContain(n => n.Contains("src/file0.cs alone is over the budget") && n.Contains("of 6 hunk(s)"));
    }

    [Fact]
    public void Plan_SplitPolicy_StopsAtMaxPartsAndListsTheRest()
    {
        IReadOnlyList<FileDiff> files = UnifiedDiff.Parse(DiffSamples.Generated(files: 5, hunks: 1, linesPerHunk: 20));
        long perFile = Count(files[0].Text);

        ReviewPlan plan = DiffPlanner.Plan(files, (int)perFile + 5, "split", 2, Count);

        plan.Parts.Count.ShouldBe(2);
        plan.Skipped.Count(s => s.Reason.Contains("MaxParts")).ShouldBe(3);
        plan.Notes.ShouldContain(n => n.Contains("3 file(s) were not reviewed"));
    }

    [Fact]
    public void Plan_ClipPolicy_MakesOneCallAndListsWhatWasLeftOut()
    {
        IReadOnlyList<FileDiff> files = UnifiedDiff.Parse(DiffSamples.Generated(files: 4, hunks: 2, linesPerHunk: 20));
        long perFile = Count(files[0].Text);

        ReviewPlan plan = DiffPlanner.Plan(files, (int)(perFile * 1.6), "clip", 10, Count);

        ReviewPart part = plan.Parts.Single();
        part.Files.ShouldBe(["src/file0.cs", "src/file1.cs"]);
        part.Clipped.ShouldBeTrue();
        part.Tokens.ShouldBeLessThanOrEqualTo((long)(perFile * 1.6) + 30);
        plan.Skipped.Select(s => s.Path).ShouldBe(["src/file2.cs", "src/file3.cs"]);
        plan.Notes[0].ShouldContain("LargeDiffPolicy=clip");
        plan.Notes.ShouldContain(n => n.Contains("src/file1.cs was clipped"));
    }
}
