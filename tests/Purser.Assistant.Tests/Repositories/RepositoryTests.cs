using Purser.Assistant.Repositories;
using Purser.Assistant.Tests.TestSupport;

namespace Purser.Assistant.Tests.Repositories;

public sealed class RepositoryTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Scan_GeneratedTree_DetectsLanguagesCountsLinesAndSpotsBinaries()
    {
        using var tree = new TempFolder();
        tree.Write(".gitignore", "out/\n");
        tree.Write("src/a.py", "a = 1\nb = 2\nc = 3");
        tree.Write("src/b.py", "x = 1\n");
        tree.Write("web/index.html", "<p>\n</p>\n");
        tree.Write("bin/run", "#!/bin/sh\necho\n");
        tree.Write("Dockerfile", "FROM scratch\n");
        tree.Write("big.txt", string.Concat(Enumerable.Repeat("line\n", 30_000)));
        tree.WriteBytes("img.png", [0x89, 0x50, 0, 1]);
        tree.Write("out/gen.py", "ignored\n");

        IReadOnlyList<RepositoryFile> files = RepositoryScanner.Scan(tree.Path);

        files.Select(f => (f.Path, f.Language, f.Lines, f.IsBinary)).ShouldBe(
        [
            (".gitignore", "text", 1, false),
            ("Dockerfile", "dockerfile", 1, false),
            ("big.txt", "text", 30_000, false),
            ("bin/run", "shell", 2, false),
            ("img.png", null, 0, true),
            ("src/a.py", "python", 3, false),
            ("src/b.py", "python", 1, false),
            ("web/index.html", "html", 2, false),
        ]);
        files.Single(f => f.Path == "big.txt").Bytes.ShouldBe(150_000);
    }

    [Fact]
    public async Task Store_AddFindListScanAndFilter()
    {
        using var fixture = new AssistantFixture();
        RepositoryRecord added = (await fixture.Repositories.AddAsync("shop", "/code/shop", T0, default))!;

        (await fixture.Repositories.AddAsync("SHOP", "/elsewhere", T0, default)).ShouldBeNull();
        (await fixture.Repositories.AddAsync("other", "/code/shop", T0, default)).ShouldBeNull();
        await fixture.Repositories.SaveScanAsync(added.Id, [new RepositoryFile("a.py", "python", 10, 2, false, T0), new RepositoryFile("b.cs", "csharp", 20, 5, false, T0)], T0.AddMinutes(1), default);

        RepositoryRecord found = (await fixture.Repositories.FindAsync("Shop", default))!;
        found.Files.ShouldBe(2);
        found.Lines.ShouldBe(7);
        found.ScannedAt.ShouldBe(T0.AddMinutes(1));
        (await fixture.Repositories.FindAsync("/code/shop", default))!.Id.ShouldBe(added.Id);
        (await fixture.Repositories.FilesAsync(added.Id, "csharp", default)).Single().Path.ShouldBe("b.cs");
        (await fixture.Repositories.ListAsync(default)).Count.ShouldBe(1);

        await fixture.Repositories.SaveScanAsync(added.Id, [new RepositoryFile("c.go", "go", 1, 1, false, T0)], T0, default);
        (await fixture.Repositories.FilesAsync(added.Id, null, default)).Single().Path.ShouldBe("c.go");
        (await fixture.Repositories.RemoveAsync(added.Id, default)).ShouldBeTrue();
        (await fixture.Repositories.ListAsync(default)).ShouldBeEmpty();
    }
}
