using System.Collections.Concurrent;
using Purser.Assistant.Batch;
using Purser.Assistant.Calls;
using Purser.Assistant.Hosting;
using Purser.Assistant.Tests.TestSupport;

namespace Purser.Assistant.Tests.Batch;

public sealed class RepositoryAnalyzerTests
{
    private static string Answer(int overall, string language = "python") =>
        $$"""{"overall": {{overall}}, "security": {{overall}}, "quality": {{overall}}, "complexity": {{overall}}, "maintainability": {{overall}}, "summary": "{{language}}", "issues": []}""";

    /// <summary>A small repository: sources in three languages, docs, a binary, an oversized file, ignored files.</summary>
    private static TempFolder Repository()
    {
        var tree = new TempFolder();
        tree.Write(".gitignore", "dist/\n*.tmp\n");
        tree.Write("src/good.py", "def ok():\n    return 1\n");
        tree.Write("src/bad.py", "exec(input())\n");
        tree.Write("src/app.ts", "export const x = 1;\n");
        tree.Write("lib/Util.cs", "class Util {}\n");
        tree.Write("README.md", "# Readme\n");
        tree.Write("config.json", "{}\n");
        tree.WriteBytes("logo.png", [0x89, 0x50, 0x4E, 0x47, 0, 0, 0, 0]);
        tree.Write("src/huge.py", new string('#', 60 * 1024));
        tree.Write("dist/bundle.js", "x");
        tree.Write("notes.tmp", "x");
        tree.Write("scripts/deploy", "#!/usr/bin/env bash\necho hi\n");
        return tree;
    }

    [Fact]
    public async Task Analyze_GeneratedTree_ScoresSourcesAndExplainsWhatWasLeftOut()
    {
        using var fixture = new AssistantFixture();
        using TempFolder tree = Repository();
        fixture.Backend.Answer = Answer(80);
        fixture.Backend.Answers["src/bad.py"] = Answer(20);
        fixture.Backend.Answers["src/app.ts"] = Answer(60, "ts");

        BatchResult result = await fixture.Batch().AnalyzeAsync(tree.Path, new BatchRequest { Model = AssistantFixture.Model }, null, default);

        result.Files.Select(f => f.Path).ShouldBe(["src/bad.py", "src/app.ts", "lib/Util.cs", "scripts/deploy", "src/good.py"]);
        result.Files.ShouldAllBe(f => f.Status == BatchFileStatus.Analyzed);
        result.Skipped.Select(s => (s.Path, s.Reason!.Split(':')[0])).ShouldBe(
        [
            (".gitignore", "Plain text is not analysed (use --all or --languages)"),
            ("README.md", "Markdown is not analysed (use --all or --languages)"),
            ("config.json", "JSON is not analysed (use --all or --languages)"),
            ("logo.png", "binary file"),
            ("src/huge.py", "too large"),
        ]);
        result.CostUsd.ShouldBe(0.005m);
        result.AverageOverall.ShouldBe(64);
        result.Languages.Select(l => (l.Language, l.Files, l.Overall)).ShouldBe([("python", 2, 50.0), ("typescript", 1, 60.0), ("csharp", 1, 80.0), ("shell", 1, 80.0)]);
        fixture.Backend.Sent.ShouldAllBe(s => s.Spec.Operation == "file_scoring" && s.Spec.Repository == Path.GetFileName(tree.Path));
    }

    [Fact]
    public async Task Analyze_SecondRun_SkipsUnchangedFilesAtNoCost()
    {
        using var fixture = new AssistantFixture();
        using TempFolder tree = Repository();
        fixture.Backend.Answer = Answer(80);
        await fixture.Batch().AnalyzeAsync(tree.Path, new BatchRequest { Model = AssistantFixture.Model }, null, default);
        tree.Write("src/good.py", "def ok():\n    return 2\n");

        BatchResult second = await fixture.Batch().AnalyzeAsync(tree.Path, new BatchRequest { Model = AssistantFixture.Model }, null, default);

        fixture.Backend.Calls.ShouldBe(6);
        second.Count(BatchFileStatus.Reused).ShouldBe(4);
        second.Files.Single(f => f.Status == BatchFileStatus.Analyzed).Path.ShouldBe("src/good.py");
        second.CostUsd.ShouldBe(0.001m);
    }

    [Fact]
    public async Task Analyze_LanguagesAndAll_ChooseWhatIsScored()
    {
        using var fixture = new AssistantFixture();
        using TempFolder tree = Repository();
        fixture.Backend.Answer = Answer(80);

        BatchResult onlyPython = await fixture.Batch().AnalyzeAsync(tree.Path, new BatchRequest { Model = AssistantFixture.Model, Languages = new HashSet<string> { "python" } }, null, default);
        BatchResult all = await fixture.Batch().AnalyzeAsync(tree.Path, new BatchRequest { Model = AssistantFixture.Model, IncludeAllKinds = true, Force = true }, null, default);

        onlyPython.Files.Select(f => f.Path).Order().ShouldBe(["src/bad.py", "src/good.py"]);
        all.Files.Select(f => f.Path).ShouldContain("README.md");
        all.Files.Select(f => f.Path).ShouldContain("config.json");
    }

    [Fact]
    public async Task Analyze_NeverRunsMoreCallsAtOnceThanTheConcurrencyLimit()
    {
        using var fixture = new AssistantFixture();
        using var tree = new TempFolder();
        for (int i = 0; i < 12; i++)
        {
            tree.Write($"f{i:00}.py", $"x = {i}\n");
        }

        fixture.Backend.Answer = Answer(70);
        int arrived = 0;
        var threeInFlight = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        fixture.Backend.Gate = () =>
        {
            // The first three calls wait for each other: proof that three run at once; the rest flow freely.
            int n = Interlocked.Increment(ref arrived);
            if (n == 3)
            {
                threeInFlight.SetResult();
            }

            return n <= 3 ? threeInFlight.Task : Task.CompletedTask;
        };

        BatchResult result = await fixture.Batch().AnalyzeAsync(tree.Path, new BatchRequest { Model = AssistantFixture.Model, Concurrency = 3 }, null, default);

        result.Count(BatchFileStatus.Analyzed).ShouldBe(12);
        fixture.Backend.MaxInFlight.ShouldBe(3);
    }

    [Fact]
    public async Task Analyze_MaxCost_StopsBeforeTheSpendCouldExceedIt()
    {
        using var fixture = new AssistantFixture();
        using var tree = new TempFolder();
        for (int i = 0; i < 10; i++)
        {
            tree.Write($"f{i}.py", $"value_{i} = {i}\n");
        }

        fixture.Backend.Answer = Answer(70);
        decimal worst = fixture.Estimator.WorstCase(AssistantFixture.Model, fixture.Analyzer.Render(Purser.Assistant.Files.SourceFile.FromText("f0.py", "value_0 = 0\n", null)))!.Value;
        fixture.Backend.CostUsd = worst; // every call costs its worst case: the limit allows exactly three
        decimal limit = (worst * 3) + (worst / 2);

        BatchResult result = await fixture.Batch().AnalyzeAsync(tree.Path, new BatchRequest { Model = AssistantFixture.Model, MaxCost = limit, Concurrency = 1 }, null, default);

        result.Count(BatchFileStatus.Analyzed).ShouldBe(3);
        result.Count(BatchFileStatus.NotAnalyzed).ShouldBe(7);
        result.CostUsd.ShouldBeLessThanOrEqualTo(limit);
        result.StoppedBecause!.ShouldContain("--max-cost");
    }

    [Fact]
    public async Task Analyze_MaxCostWithUnpricedModel_RefusesToGuess()
    {
        using var fixture = new AssistantFixture();
        fixture.Purser.Providers["local"] = new Purser.Configuration.ProviderOptions { Kind = "openai", BaseUrl = "http://127.0.0.1:1/v1" };
        using var tree = new TempFolder();
        tree.Write("a.py", "x = 1\n");
        tree.Write("b.py", "x = 2\n");

        BatchResult result = await new RepositoryAnalyzer(fixture.Analyzer, new CostEstimator(new Purser.Routing.ModelResolver(fixture.Purser), new Purser.Budgets.ReservationEstimator(new Purser.Pricing.DeploymentPrices(fixture.Catalog, fixture.Purser)), fixture.Purser), fixture.Options, fixture.Time)
            .AnalyzeAsync(tree.Path, new BatchRequest { Model = "local/mystery-model", MaxCost = 1m, Concurrency = 1 }, null, default);

        fixture.Backend.Calls.ShouldBe(0);
        result.StoppedBecause!.ShouldContain("no price is known for local/mystery-model");
    }

    [Fact]
    public async Task Analyze_NoProvider_StopsBeforeAnyCallWithTheSetupMessage()
    {
        using var fixture = new AssistantFixture(withProvider: false);
        using TempFolder tree = Repository();

        BatchResult result = await fixture.Batch().AnalyzeAsync(tree.Path, new BatchRequest(), null, default);

        fixture.Backend.Calls.ShouldBe(0);
        result.SetupError!.ShouldContain("OPENAI_API_KEY");
    }

    [Fact]
    public async Task Analyze_RepeatingFailure_StopsTheRun()
    {
        using var fixture = new AssistantFixture();
        using TempFolder tree = Repository();
        fixture.Backend.Error = new AssistantError(429, "budget_exceeded", "The daily budget is spent.");

        BatchResult result = await fixture.Batch().AnalyzeAsync(tree.Path, new BatchRequest { Model = AssistantFixture.Model, Concurrency = 1 }, null, default);

        fixture.Backend.Calls.ShouldBe(1);
        result.Count(BatchFileStatus.Failed).ShouldBe(1);
        result.Count(BatchFileStatus.NotAnalyzed).ShouldBe(4);
        result.StoppedBecause.ShouldBe("The daily budget is spent.");
    }

    [Fact]
    public async Task Analyze_Cancelled_ListsTheFilesNeverReached()
    {
        using var fixture = new AssistantFixture();
        using var tree = new TempFolder();
        for (int i = 0; i < 6; i++)
        {
            tree.Write($"f{i}.py", $"x = {i}\n");
        }

        using var cancel = new CancellationTokenSource();
        fixture.Backend.Answer = Answer(70);
        fixture.Backend.Gate = () =>
        {
            cancel.Cancel(); // the first call cancels the run
            return Task.CompletedTask;
        };

        BatchResult result = await fixture.Batch().AnalyzeAsync(tree.Path, new BatchRequest { Model = AssistantFixture.Model, Concurrency = 1 }, null, cancel.Token);

        result.Files.Count.ShouldBe(6);
        result.StoppedBecause.ShouldNotBeNull();
        result.Files.Count(f => f.Status == BatchFileStatus.NotAnalyzed).ShouldBeGreaterThanOrEqualTo(5);
    }

    [Fact]
    public async Task Analyze_ReportsProgressForEveryFileWithCostAndEta()
    {
        using var fixture = new AssistantFixture();
        using TempFolder tree = Repository();
        fixture.Backend.Answer = Answer(80);
        var observer = new RecordingObserver();

        await fixture.Batch().AnalyzeAsync(tree.Path, new BatchRequest { Model = AssistantFixture.Model, Concurrency = 2 }, observer, default);

        observer.Planned.ShouldBe((5, 0));
        observer.Done.Count.ShouldBe(5);
        observer.Done.Select(d => d.Progress.Done).Order().ShouldBe([1, 2, 3, 4, 5]);
        observer.Done.ShouldAllBe(d => d.Progress.Total == 5);
        observer.Done.MaxBy(d => d.Progress.Done)!.Progress.CostUsd.ShouldBe(0.005m);
        observer.Done.ShouldAllBe(d => d.Progress.Eta != null);
        observer.Started.Count.ShouldBe(5);
    }

    private sealed class RecordingObserver : IBatchObserver
    {
        public (int Total, int Reused) Planned { get; private set; }

        public ConcurrentQueue<string> Started { get; } = new();

        public ConcurrentQueue<(BatchFileResult Result, BatchProgress Progress)> Done { get; } = new();

        public void OnPlanned(int total, int reused) => Planned = (total, reused);

        public void OnFileStarted(string path) => Started.Enqueue(path);

        public void OnFileDone(BatchFileResult result, BatchProgress progress) => Done.Enqueue((result, progress));
    }
}
