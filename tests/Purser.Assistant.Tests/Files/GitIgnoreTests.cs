using Purser.Assistant.Files;

namespace Purser.Assistant.Tests.Files;

public sealed class GitIgnoreTests
{
    [Theory]
    [InlineData("*.log", "debug.log", false, true)]
    [InlineData("*.log", "logs/debug.log", false, true)]
    [InlineData("build/", "build", true, true)]
    [InlineData("build/", "build", false, null)]
    [InlineData("build/", "src/build", true, true)]
    [InlineData("/build", "src/build", true, null)]
    [InlineData("/build", "build", true, true)]
    [InlineData("docs/*.md", "docs/a.md", false, true)]
    [InlineData("docs/*.md", "docs/sub/a.md", false, null)]
    [InlineData("**/temp", "a/b/temp", true, true)]
    [InlineData("**/temp", "temp", true, true)]
    [InlineData("a/**/z", "a/z", false, true)]
    [InlineData("a/**/z", "a/b/c/z", false, true)]
    [InlineData("out/**", "out/x/y.txt", false, true)]
    [InlineData("file?.txt", "file1.txt", false, true)]
    [InlineData("file[0-9].txt", "file7.txt", false, true)]
    [InlineData("file[!0-9].txt", "file7.txt", false, null)]
    [InlineData("\\#hash", "#hash", false, true)]
    [InlineData("# comment", "# comment", false, null)]
    public void Match_FollowsGitsRules(string pattern, string path, bool isDirectory, bool? expected)
    {
        new GitIgnore("", [pattern]).Match(path, isDirectory).ShouldBe(expected);
    }

    [Fact]
    public void Match_LastMatchingPatternWins_NegationReincludes()
    {
        var ignore = new GitIgnore("", ["*.log", "!keep.log", "# note", "", "trailing.txt   "]);

        ignore.Match("a.log", false).ShouldBe(true);
        ignore.Match("keep.log", false).ShouldBe(false);
        ignore.Match("trailing.txt", false).ShouldBe(true);
        ignore.Count.ShouldBe(3);
    }

    [Fact]
    public void Match_NestedFile_AppliesOnlyBelowItsFolder()
    {
        var nested = new GitIgnore("src/gen", ["*.cs", "/root-only.txt"]);

        nested.Match("src/gen/a.cs", false).ShouldBe(true);
        nested.Match("src/gen/deeper/a.cs", false).ShouldBe(true);
        nested.Match("src/a.cs", false).ShouldBeNull();
        nested.Match("src/gen/root-only.txt", false).ShouldBe(true);
        nested.Match("src/gen/x/root-only.txt", false).ShouldBeNull();
    }
}
