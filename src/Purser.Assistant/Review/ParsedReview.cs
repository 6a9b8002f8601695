namespace Purser.Assistant.Review;

/// <summary>What <see cref="ReviewParser"/> read from one review answer.</summary>
internal sealed record ParsedReview(string Summary, string Verdict, IReadOnlyList<ReviewFinding> Findings, IReadOnlyList<string> Warnings, bool Partial);
