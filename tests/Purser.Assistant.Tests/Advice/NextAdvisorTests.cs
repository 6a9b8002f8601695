using Purser.Assistant.Advice;
using Purser.Assistant.Analysis;
using Purser.Assistant.Notes;
using Purser.Assistant.Tests.TestSupport;
using Purser.Ledger;
using Purser.Storage.Sqlite;

namespace Purser.Assistant.Tests.Advice;

public sealed class NextAdvisorTests
{
    [Fact]
    public async Task Advise_Empty_SuggestsScoringTheCode()
    {
        using var fixture = new AssistantFixture();

        NextAdvice advice = await fixture.Advisor().AdviseAsync(5, default);

        advice.Recommendations.Single().Command.ShouldBe("purser analyze repo .");
    }

    [Fact]
    public async Task Advise_OrdersSecurityThenActiveNotesThenWeakFilesThenInbox()
    {
        using var fixture = new AssistantFixture();
        using var tree = new TempFolder();
        string secure = tree.Write("auth.py", "x");
        string weak = tree.Write("util.py", "x");
        string good = tree.Write("good.py", "x");
        await fixture.Store.SaveAsync("file_scoring", Scored("auth.py", 75, new AnalysisIssue { Line = 9, Severity = "error", Category = "security", Message = "Password compared with ==." }), secure, tree.Path, default);
        await fixture.Store.SaveAsync("file_scoring", Scored("util.py", 45, new AnalysisIssue { Line = 3, Severity = "warning", Category = "bug", Message = "Off by one." }), weak, tree.Path, default);
        await fixture.Store.SaveAsync("file_scoring", Scored("good.py", 95), good, tree.Path, default);
        await fixture.Store.SaveAsync("file_scoring", Scored("gone.py", 10), Path.Combine(tree.Path, "gone.py"), tree.Path, default);
        Note active = await fixture.Notes.AddAsync("Ship the export", ["release"], fixture.Time.GetUtcNow(), default);
        await fixture.Notes.SetStatusAsync(active.Id, NoteStatus.Active, fixture.Time.GetUtcNow(), default);
        await fixture.Notes.AddAsync("Look at flaky test", [], fixture.Time.GetUtcNow().AddDays(-3), default);
        fixture.Time.Advance(TimeSpan.FromDays(2));

        NextAdvice advice = await fixture.Advisor().AdviseAsync(10, default);

        advice.Recommendations.Select(r => r.Kind).ShouldBe(["security", "note", "file", "inbox"]);
        advice.Recommendations[0].Title.ShouldBe("Fix the security issue in auth.py:9");
        advice.Recommendations[0].Reason.ShouldContain("Password compared with ==.");
        advice.Recommendations[1].Title.ShouldContain("#" + active.Id);
        advice.Recommendations[1].Reason.ShouldContain("2 days ago");
        advice.Recommendations[2].Title.ShouldBe("Improve util.py (score 45/100)");
        advice.Recommendations[3].Reason.ShouldContain("5 days ago");
        advice.ActiveNotes.ShouldBe(1);
        advice.InboxNotes.ShouldBe(1);
    }

    [Fact]
    public async Task Advise_SpendFarAboveTheWeeksAverage_IsFlagged()
    {
        using var fixture = new AssistantFixture();
        var ledger = new SqliteLedgerStore(fixture.Database);
        DateTimeOffset now = fixture.Time.GetUtcNow();
        await ledger.AppendAsync([Row("r1", now.AddDays(-5), 0.10m), Row("r2", now.AddHours(-1), 2.00m)], default);

        NextAdvice advice = await fixture.Advisor().AdviseAsync(10, default);

        Recommendation spend = advice.Recommendations.Single(r => r.Kind == "spend");
        spend.Reason.ShouldContain("$2.00 in the last 24 hours");
        spend.Command.ShouldBe("purser costs --period 24h --by model");
    }

    private static FileAnalysis Scored(string path, int overall, params AnalysisIssue[] issues) => new()
    {
        Path = path,
        ContentHash = path,
        Model = "m",
        PromptVersion = "v",
        Scores = new AnalysisScores { Overall = overall, Security = overall, Quality = overall, Complexity = overall, Maintainability = overall },
        Issues = issues,
        AnalyzedAt = new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero),
    };

    private static LedgerEntry Row(string id, DateTimeOffset at, decimal cost) => new()
    {
        Timestamp = at,
        RequestId = id,
        Operation = "chat",
        Model = "gpt-4o",
        Provider = "openai",
        Deployment = "openai/gpt-4o",
        InputTokens = 10,
        OutputTokens = 10,
        CostUsd = cost,
        Outcome = "ok",
        Status = 200,
    };
}
