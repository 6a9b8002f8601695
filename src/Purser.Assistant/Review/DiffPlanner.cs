using System.Globalization;
using System.Text;

namespace Purser.Assistant.Review;

/// <summary>
/// Fits a diff into the review budget. Binary and deleted files are left out (nothing to review). A diff within the
/// budget is one call. Over it, the policy decides: <c>split</c> groups whole files into calls that each fit (a file too
/// large on its own is clipped hunk by hunk), up to a number of calls; <c>clip</c> makes one call with the files that
/// fit and lists the rest. Every departure from "the whole diff in one call" is reported in <see cref="ReviewPlan.Notes"/>.
/// </summary>
internal static class DiffPlanner
{
    public const string Split = "split";
    public const string Clip = "clip";

    /// <summary>Below this many tokens left, a file is not clipped into the budget: it is left out.</summary>
    private const int MinClipTokens = 200;

    public static ReviewPlan Plan(IReadOnlyList<FileDiff> files, int budgetTokens, string policy, int maxParts, Func<string, long> countTokens)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(countTokens);
        var skipped = new List<SkippedFile>();
        var notes = new List<string>();
        var reviewable = new List<(FileDiff File, long Tokens)>();
        foreach (FileDiff file in files)
        {
            if (file.IsBinary)
            {
                skipped.Add(new SkippedFile(file.Path, "binary file"));
            }
            else if (file.IsDeleted)
            {
                skipped.Add(new SkippedFile(file.Path, "deleted (nothing to review)"));
            }
            else if (file.Hunks.Count == 0)
            {
                skipped.Add(new SkippedFile(file.Path, "no content changes (mode or rename only)"));
            }
            else
            {
                reviewable.Add((file, countTokens(file.Text)));
            }
        }

        long total = reviewable.Sum(f => f.Tokens);
        var parts = new List<ReviewPart>();
        if (reviewable.Count == 0)
        {
            return new ReviewPlan(parts, skipped, notes, 0, budgetTokens);
        }

        if (total <= budgetTokens)
        {
            parts.Add(new ReviewPart([.. reviewable.Select(f => f.File.Path)], Join(reviewable.Select(f => f.File.Text)), total, false));
            return new ReviewPlan(parts, skipped, notes, total, budgetTokens);
        }

        string over = $"The diff is about {N(total)} tokens, over the review budget of {N(budgetTokens)} tokens";
        if (string.Equals(policy, Clip, StringComparison.OrdinalIgnoreCase))
        {
            PlanClip(reviewable, budgetTokens, countTokens, parts, skipped, notes);
            notes.Insert(0, $"{over}: reviewed what fits in one call (Purser:Assistant:Review:LargeDiffPolicy=clip).");
        }
        else
        {
            PlanSplit(reviewable, budgetTokens, maxParts, countTokens, parts, skipped, notes);
            notes.Insert(0, $"{over}: reviewed in {parts.Count} part(s), files grouped to fit (Purser:Assistant:Review:LargeDiffPolicy=split).");
        }

        if (skipped.Any(s => s.Reason.StartsWith("not reviewed", StringComparison.Ordinal)))
        {
            notes.Add($"{skipped.Count(s => s.Reason.StartsWith("not reviewed", StringComparison.Ordinal))} file(s) were not reviewed: review them separately (for example with a narrower --base) or raise Purser:Assistant:Review:MaxDiffTokens.");
        }

        return new ReviewPlan(parts, skipped, notes, total, budgetTokens);
    }

    private static void PlanSplit(List<(FileDiff File, long Tokens)> files, int budget, int maxParts, Func<string, long> count, List<ReviewPart> parts, List<SkippedFile> skipped, List<string> notes)
    {
        var current = new List<(FileDiff File, long Tokens)>();
        long currentTokens = 0;
        int index = 0;
        for (; index < files.Count; index++)
        {
            (FileDiff file, long tokens) = files[index];
            if (parts.Count >= maxParts)
            {
                break;
            }

            if (tokens > budget)
            {
                Flush();
                if (parts.Count >= maxParts)
                {
                    break;
                }

                (string text, int kept) = ClipFile(file, budget, count);
                parts.Add(new ReviewPart([file.Path], text, count(text), true));
                notes.Add($"{file.Path} alone is over the budget: clipped to its first {kept} of {file.Hunks.Count} hunk(s).");
                continue;
            }

            if (currentTokens + tokens > budget)
            {
                Flush();
                if (parts.Count >= maxParts)
                {
                    break;
                }
            }

            current.Add((file, tokens));
            currentTokens += tokens;
        }

        Flush();
        for (; index < files.Count; index++)
        {
            if (!parts.Any(p => p.Files.Contains(files[index].File.Path)))
            {
                skipped.Add(new SkippedFile(files[index].File.Path, $"not reviewed: over the limit of {maxParts} review call(s) (Purser:Assistant:Review:MaxParts)"));
            }
        }

        void Flush()
        {
            if (current.Count > 0)
            {
                parts.Add(new ReviewPart([.. current.Select(f => f.File.Path)], Join(current.Select(f => f.File.Text)), currentTokens, false));
                current.Clear();
                currentTokens = 0;
            }
        }
    }

    private static void PlanClip(List<(FileDiff File, long Tokens)> files, int budget, Func<string, long> count, List<ReviewPart> parts, List<SkippedFile> skipped, List<string> notes)
    {
        var included = new List<string>();
        var texts = new List<string>();
        long used = 0;
        bool clipped = false;
        foreach ((FileDiff file, long tokens) in files)
        {
            if (!clipped && used + tokens <= budget)
            {
                included.Add(file.Path);
                texts.Add(file.Text);
                used += tokens;
                continue;
            }

            long left = budget - used;
            if (!clipped && left >= MinClipTokens)
            {
                (string text, int kept) = ClipFile(file, (int)left, count);
                included.Add(file.Path);
                texts.Add(text);
                used += count(text);
                notes.Add($"{file.Path} was clipped to its first {kept} of {file.Hunks.Count} hunk(s).");
                clipped = true;
                continue;
            }

            clipped = true;
            skipped.Add(new SkippedFile(file.Path, "not reviewed: over the review budget (clip policy)"));
        }

        parts.Add(new ReviewPart(included, Join(texts), used, clipped));
    }

    /// <summary>The file's header and as many whole hunks as fit; when not even the first fits, its first lines that do.</summary>
    internal static (string Text, int KeptHunks) ClipFile(FileDiff file, int budget, Func<string, long> count)
    {
        var sb = new StringBuilder(file.Header);
        long used = count(file.Header);
        int kept = 0;
        foreach (string hunk in file.Hunks)
        {
            long tokens = count(hunk);
            if (used + tokens > budget)
            {
                break;
            }

            sb.Append(hunk);
            used += tokens;
            kept++;
        }

        if (kept == 0 && file.Hunks.Count > 0)
        {
            foreach (string line in file.Hunks[0].Split('\n'))
            {
                long tokens = count(line) + 1;
                if (used + tokens > budget)
                {
                    break;
                }

                sb.Append(line).Append('\n');
                used += tokens;
            }

            kept = 1;
        }

        sb.Append("[… the rest of this file's diff was clipped to fit the review budget …]\n");
        return (sb.ToString(), kept);
    }

    private static string Join(IEnumerable<string> texts) => string.Concat(texts);

    private static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
