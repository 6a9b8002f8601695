using Purser.Assistant.Files;
using Purser.Assistant.Tests.TestSupport;

namespace Purser.Assistant.Tests.Files;

public sealed class FileWalkerTests
{
    [Fact]
    public void Walk_GeneratedTree_HonoursEveryGitignoreAndSkipsVcsAndDependencyFolders()
    {
        using var tree = new TempFolder();
        tree.Write(".gitignore", "*.log\nbuild/\n!important.log\n");
        tree.Write("src/app.py", "print(1)\n");
        tree.Write("src/debug.log", "x");
        tree.Write("src/important.log", "x");
        tree.Write("build/out.js", "x");
        tree.Write("src/gen/.gitignore", "*.g.cs\n");
        tree.Write("src/gen/a.g.cs", "x");
        tree.Write("src/gen/b.cs", "x");
        tree.Write(".git/config", "x");
        tree.Write(".git/info/exclude", "secret.txt\n");
        tree.Write("secret.txt", "x");
        tree.Write("node_modules/lib/index.js", "x");
        tree.Write("web/__pycache__/m.pyc", "x");

        string[] files = [.. FileWalker.Walk(tree.Path).Select(f => f.RelativePath)];

        files.ShouldBe([".gitignore", "src/app.py", "src/gen/.gitignore", "src/gen/b.cs", "src/important.log"]);
    }

    [Fact]
    public void Walk_ReportsSizesAndFullPaths()
    {
        using var tree = new TempFolder();
        string full = tree.Write("a/b.txt", "hello");

        WalkedFile file = FileWalker.Walk(tree.Path).Single();

        file.FullPath.ShouldBe(full);
        file.Bytes.ShouldBe(5);
    }

    [Fact]
    public void Walk_MissingFolder_Throws()
    {
        Should.Throw<DirectoryNotFoundException>(() => FileWalker.Walk("/no/such/folder/anywhere").ToList());
    }
}
