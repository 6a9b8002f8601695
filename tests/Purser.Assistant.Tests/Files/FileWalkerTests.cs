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
    public void Walk_SubfolderOfAGitWorkTree_HonoursTheIgnoreFilesAboveIt()
    {
        using var tree = new TempFolder();
        tree.Write(".git/HEAD", "ref: refs/heads/main\n");
        tree.Write(".git/info/exclude", "local-notes.md\n");
        tree.Write(".gitignore", "bin/\nobj/\n/src/Api/generated/\n");
        tree.Write("src/.gitignore", "*.log\n");
        tree.Write("src/Api/Program.cs", "x");
        tree.Write("src/Api/obj/Debug/Api.AssemblyInfo.cs", "x");
        tree.Write("src/Api/bin/Debug/Api.dll", "x");
        tree.Write("src/Api/generated/Client.cs", "x");
        tree.Write("src/Api/trace.log", "x");
        tree.Write("src/Api/local-notes.md", "x");
        tree.Write("src/Api/Models/User.cs", "x");

        string[] files = [.. FileWalker.Walk(System.IO.Path.Combine(tree.Path, "src", "Api")).Select(f => f.RelativePath)];

        files.ShouldBe(["Models/User.cs", "Program.cs"]);
    }

    [Fact]
    public void Walk_GitWorktreeWithADotGitFile_FindsItsTop()
    {
        using var tree = new TempFolder();
        tree.Write(".git", "gitdir: /elsewhere/.git/worktrees/x\n");
        tree.Write(".gitignore", "obj/\n");
        tree.Write("lib/obj/a.cs", "x");
        tree.Write("lib/a.cs", "x");

        FileWalker.FindWorkTree(System.IO.Path.Combine(tree.Path, "lib")).ShouldBe(tree.Path);
        FileWalker.Walk(System.IO.Path.Combine(tree.Path, "lib")).Select(f => f.RelativePath).ShouldBe(["a.cs"]);
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
