using System.Globalization;
using Purser.Assistant.Analysis;
using Purser.Assistant.Notes;
using Purser.Assistant.Repositories;
using Purser.Pricing;
using Purser.Reports;

namespace Purser.Assistant.Advice;

/// <summary>
/// <c>purser next</c>: recommends what to work on from the open notes, the lowest-scoring analysed files and the spend,
/// each with the reason. No model call: it reads the local database only.
/// </summary>
internal sealed class NextAdvisor(INoteStore notes, IAnalysisStore analyses, IRepositoryStore repositories, CostReporter costs, TimeProvider time)
{
    /// <summary>Files scoring below this are worth improving.</summary>
    public const int WeakScore = 70;

    public async Task<NextAdvice> AdviseAsync(int limit, CancellationToken cancellationToken)
    {
        DateTimeOffset now = time.GetUtcNow();
        var recommendations = new List<Recommendation>();

        // Security errors found by analyses come first, then the weakest files.
        IReadOnlyList<StoredAnalysis> weakest = await analyses.LowestScoringAsync(20, null, cancellationToken);
        foreach (StoredAnalysis stored in weakest.Where(s => File.Exists(s.FullPath)))
        {
            FileAnalysis a = stored.Analysis;
            AnalysisIssue? security = a.Issues.FirstOrDefault(i => i.Severity == "error" && i.Category == "security");
            if (security is not null)
            {
                recommendations.Add(new Recommendation(
                    0,
                    "security",
                    $"Fix the security issue in {a.Path}{Line(security.Line)}",
                    $"{security.Message} (error-severity security finding; the file scores {a.Scores.Overall}/100, analysed {Ago(a.AnalyzedAt, now)}).",
                    $"purser analyze file {Quote(stored.FullPath)} --force"));
            }
            else if (a.Scores.Overall < WeakScore)
            {
                AnalysisIssue? top = a.Issues.FirstOrDefault();
                recommendations.Add(new Recommendation(
                    2,
                    "file",
                    $"Improve {a.Path} (score {a.Scores.Overall}/100)",
                    top is null
                        ? $"One of the lowest-scoring files analysed ({a.Summary})."
                        : $"One of the lowest-scoring files analysed; most serious issue: {top.Message}{(top.Line is int l ? $" (line {l})" : "")}.",
                    $"purser analyze file {Quote(stored.FullPath)}"));
            }
        }

        // Notes: what is in progress, then what waits for triage.
        IReadOnlyList<Note> active = await notes.ListAsync(null, NoteStatus.Active, cancellationToken);
        foreach (Note note in active.OrderBy(n => n.UpdatedAt).Take(3))
        {
            recommendations.Add(new Recommendation(
                1,
                "note",
                $"Finish note #{note.Id}: {Clip(note.Text, 70)}",
                $"It is active (since {Ago(note.UpdatedAt, now)}){(note.Tags.Count > 0 ? ", tagged " + string.Join(", ", note.Tags) : "")}: finishing work in progress beats starting new work.",
                $"purser note status {note.Id} done"));
        }

        IReadOnlyList<Note> inbox = await notes.ListAsync(null, NoteStatus.Inbox, cancellationToken);
        if (inbox.Count > 0)
        {
            Note oldest = inbox.OrderBy(n => n.CreatedAt).First();
            recommendations.Add(new Recommendation(
                3,
                "inbox",
                inbox.Count == 1 ? $"Triage note #{oldest.Id}: {Clip(oldest.Text, 60)}" : $"Triage {inbox.Count} inbox notes (oldest: #{oldest.Id} {Clip(oldest.Text, 50)})",
                $"Inbox notes are not planned yet; the oldest was written {Ago(oldest.CreatedAt, now)}.",
                $"purser note status {oldest.Id} active"));
        }

        // Spend: the last 24 hours against the week's daily average.
        CostSummary spend = await costs.SummaryAsync("24h", null, 0, cancellationToken);
        CostTotals day = spend.Periods["24h"];
        CostTotals week = spend.Periods["7d"];
        decimal dailyAverage = week.KnownCostUsd / 7m;
        if (day.KnownCostUsd > 0 && week.KnownCostUsd > day.KnownCostUsd && day.KnownCostUsd > 2 * dailyAverage)
        {
            recommendations.Add(new Recommendation(
                1,
                "spend",
                "Spend is running high: prefer cheaper models today",
                $"{CostFormatter.Format(day.KnownCostUsd)} in the last 24 hours, more than twice the 7-day daily average of {CostFormatter.Format(dailyAverage)}. See where it goes with purser costs.",
                "purser costs --period 24h --by model"));
        }

        // Housekeeping: repositories never scored.
        IReadOnlyList<RepositoryRecord> repos = await repositories.ListAsync(cancellationToken);
        AnalysisStoreStats stats = await analyses.StatsAsync(cancellationToken);
        foreach (RepositoryRecord repo in repos)
        {
            if (!weakest.Any(w => w.Repository == repo.Root) && (await analyses.LowestScoringAsync(1, repo.Root, cancellationToken)).Count == 0)
            {
                recommendations.Add(new Recommendation(4, "repository", $"Score repository {repo.Name}", "It is registered but none of its files has been analysed, so its weak spots are unknown.", $"purser analyze repo {Quote(repo.Name)}"));
            }
        }

        if (stats.Files == 0 && repos.Count == 0)
        {
            recommendations.Add(new Recommendation(4, "repository", "Score your code", "Nothing has been analysed yet: a repository analysis finds the files most in need of work.", "purser analyze repo ."));
        }

        IReadOnlyList<Recommendation> ordered = [.. recommendations.OrderBy(r => r.Priority).Take(Math.Max(1, limit))];
        return new NextAdvice(ordered, active.Count, inbox.Count, stats.Files, day, week);
    }

    private static string Line(int? line) => line is int l ? ":" + l.ToString(CultureInfo.InvariantCulture) : "";

    private static string Quote(string value) => value.Contains(' ', StringComparison.Ordinal) ? "\"" + value + "\"" : value;

    private static string Clip(string text, int max)
    {
        string line = text.ReplaceLineEndings(" ").Trim();
        return line.Length <= max ? line : line[..(max - 1)] + "…";
    }

    internal static string Ago(DateTimeOffset then, DateTimeOffset now)
    {
        TimeSpan age = now - then;
        return age.TotalMinutes < 2 ? "just now"
            : age.TotalHours < 2 ? $"{(int)age.TotalMinutes} minutes ago"
            : age.TotalDays < 2 ? $"{(int)age.TotalHours} hours ago"
            : $"{(int)age.TotalDays} days ago";
    }
}
