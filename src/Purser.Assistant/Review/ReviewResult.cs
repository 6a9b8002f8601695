namespace Purser.Assistant.Review;

/// <summary>A whole review: one or more calls merged.</summary>
internal sealed record ReviewResult
{
    public string Summary { get; init; } = "";

    /// <summary><c>approve</c>, <c>comment</c> or <c>request_changes</c> (the worst over the parts).</summary>
    public string Verdict { get; init; } = ReviewParser.Approve;

    /// <summary>By severity, then file and line.</summary>
    public IReadOnlyList<ReviewFinding> Findings { get; init; } = [];

    /// <summary>The files reviewed (wholly or clipped).</summary>
    public IReadOnlyList<string> Files { get; init; } = [];

    public IReadOnlyList<SkippedFile> Skipped { get; init; } = [];

    /// <summary>How the diff was fitted into the budget (split, clipped), when it had to be.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Some answer was malformed or cut off: the review holds what could be read.</summary>
    public bool Partial { get; init; }

    /// <summary>Review calls made.</summary>
    public int Calls { get; init; }

    public string Model { get; init; } = "";

    public string? ServedBy { get; init; }

    public long InputTokens { get; init; }

    public long OutputTokens { get; init; }

    /// <summary>Total over the calls; null when a price was unknown.</summary>
    public decimal? CostUsd { get; init; }

    /// <summary>Every call was answered from the gateway's cache.</summary>
    public bool Cached { get; init; }

    public double ElapsedMs { get; init; }

    /// <summary>The raw answer text of each call, in order (in JSON output it is the envelope's <c>content</c>).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<string> Answers { get; init; } = [];

    public IReadOnlyList<string> RequestIds { get; init; } = [];
}
