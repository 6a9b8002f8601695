namespace Purser.Assistant.Review;

/// <summary>How a diff is reviewed: the calls to make, the files left out, and what to tell the user about it.</summary>
internal sealed record ReviewPlan(IReadOnlyList<ReviewPart> Parts, IReadOnlyList<SkippedFile> Skipped, IReadOnlyList<string> Notes, long TotalTokens, int BudgetTokens);
