using Purser.Assistant.Analysis;
using Purser.Assistant.Tests.TestSupport;

namespace Purser.Assistant.Tests.Analysis;

public sealed class SqliteAnalysisStoreTests
{
    private static FileAnalysis Analysis(string path, string hash, int overall, string model = "m", DateTimeOffset? at = null) => new()
    {
        Path = path,
        Language = "python",
        ContentHash = hash,
        Scores = new AnalysisScores { Overall = overall, Security = overall, Quality = overall, Complexity = overall, Maintainability = overall },
        Issues = [new AnalysisIssue { Line = 1, Severity = "error", Category = "security", Message = "bad" }],
        Model = model,
        PromptVersion = "1+abc",
        CostUsd = 0.002m,
        AnalyzedAt = at ?? new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero),
    };

    [Fact]
    public async Task Find_SameHashPromptVersionAndModel_ReturnsTheStoredResult()
    {
        using var fixture = new AssistantFixture();
        await fixture.Store.SaveAsync("file_scoring", Analysis("a.py", "h1", 40), "/r/a.py", "/r", default);

        FileAnalysis? found = await fixture.Store.FindAsync("file_scoring", "1+abc", "m", "h1", default);

        found!.Scores.Overall.ShouldBe(40);
        found.Issues.Single().Message.ShouldBe("bad");
        (await fixture.Store.FindAsync("file_scoring", "1+abd", "m", "h1", default)).ShouldBeNull();
        (await fixture.Store.FindAsync("file_scoring", "1+abc", "other", "h1", default)).ShouldBeNull();
        (await fixture.Store.FindAsync("file_scoring", "1+abc", "m", "h2", default)).ShouldBeNull();
    }

    [Fact]
    public async Task LowestScoring_TakesTheLatestAnalysisOfEachFileWorstFirst()
    {
        using var fixture = new AssistantFixture();
        await fixture.Store.SaveAsync("file_scoring", Analysis("a.py", "h1", 30), "/r/a.py", "/r", default);
        await fixture.Store.SaveAsync("file_scoring", Analysis("a.py", "h2", 90), "/r/a.py", "/r", default);
        await fixture.Store.SaveAsync("file_scoring", Analysis("b.py", "h3", 50), "/r/b.py", "/r", default);
        await fixture.Store.SaveAsync("file_scoring", Analysis("c.py", "h4", 10), "/other/c.py", "/other", default);

        IReadOnlyList<StoredAnalysis> all = await fixture.Store.LowestScoringAsync(10, null, default);
        IReadOnlyList<StoredAnalysis> inR = await fixture.Store.LowestScoringAsync(10, "/r", default);

        all.Select(a => (a.Analysis.Path, a.Analysis.Scores.Overall)).ShouldBe([("c.py", 10), ("b.py", 50), ("a.py", 90)]);
        inR.Select(a => a.FullPath).ShouldBe(["/r/b.py", "/r/a.py"]);
    }

    [Fact]
    public async Task Save_ReusedAnalysisAlreadyLatest_IsNotRecordedTwice()
    {
        using var fixture = new AssistantFixture();
        FileAnalysis first = Analysis("a.py", "h1", 30);
        await fixture.Store.SaveAsync("file_scoring", first, "/r/a.py", "/r", default);
        await fixture.Store.SaveAsync("file_scoring", Analysis("a.py", "h2", 90), "/r/a.py", "/r", default);

        await fixture.Store.SaveAsync("file_scoring", first with { FromStore = true, CostUsd = 0 }, "/r/a.py", "/r", default);
        await fixture.Store.SaveAsync("file_scoring", first with { FromStore = true, CostUsd = 0 }, "/r/a.py", "/r", default);

        AnalysisStoreStats stats = await fixture.Store.StatsAsync(default);
        stats.Analyses.ShouldBe(2);
        stats.Files.ShouldBe(1);
        stats.CostUsd.ShouldBe(0.004m);
        (await fixture.Store.LowestScoringAsync(1, null, default)).Single().Analysis.Scores.Overall.ShouldBe(30);
    }
}
