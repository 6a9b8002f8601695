namespace Purser.Assistant.Hosting;

/// <summary><c>Purser:Assistant:Review</c>: the review budget and what to do with a diff over it.</summary>
public sealed class ReviewOptions
{
    /// <summary>Most diff tokens sent in one review call (further limited by the model's context window when known). Default 24,000.</summary>
    public int MaxDiffTokens { get; set; } = 24_000;

    /// <summary>
    /// A diff over <see cref="MaxDiffTokens"/>: <c>split</c> (default) reviews it in several calls, files grouped to fit,
    /// a file too large on its own clipped; <c>clip</c> reviews what fits in one call and lists what was left out.
    /// </summary>
    public string LargeDiffPolicy { get; set; } = "split";

    /// <summary>Most review calls one <c>purser review</c> makes under the split policy; the rest is listed as not reviewed. Default 10.</summary>
    public int MaxParts { get; set; } = 10;
}
