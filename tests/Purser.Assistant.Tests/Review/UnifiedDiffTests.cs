using Purser.Assistant.Review;

namespace Purser.Assistant.Tests.Review;

public sealed class UnifiedDiffTests
{
    [Fact]
    public void Parse_GitDiff_SplitsFilesAndRecognisesNewDeletedAndBinary()
    {
        IReadOnlyList<FileDiff> files = UnifiedDiff.Parse(DiffSamples.TwoFiles);

        files.Select(f => f.Path).ShouldBe(["src/app.py", "README.md", "old.txt", "logo.png"]);
        FileDiff app = files[0];
        app.Hunks.Count.ShouldBe(1);
        app.Added.ShouldBe(2);
        app.Removed.ShouldBe(1);
        app.Header.ShouldStartWith("diff --git a/src/app.py");
        app.Text.ShouldContain("+import subprocess");
        files[1].IsNew.ShouldBeTrue();
        files[2].IsDeleted.ShouldBeTrue();
        files[3].IsBinary.ShouldBeTrue();
    }

    [Fact]
    public void Parse_NoDiff_IsEmpty()
    {
        UnifiedDiff.Parse("").ShouldBeEmpty();
        UnifiedDiff.Parse("just text\n").ShouldBeEmpty();
    }

    [Fact]
    public void Parse_CrLfLineEndings_AreHandled()
    {
        IReadOnlyList<FileDiff> files = UnifiedDiff.Parse(DiffSamples.TwoFiles.ReplaceLineEndings("\r\n"));

        files.Count.ShouldBe(4);
        files[0].Path.ShouldBe("src/app.py");
    }
}
