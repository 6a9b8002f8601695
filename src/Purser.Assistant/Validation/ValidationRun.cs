namespace Purser.Assistant.Validation;

/// <summary>A validation of a file or a folder: one report per file, what was left out, and the totals.</summary>
public sealed record ValidationRun
{
    public required string Path { get; init; }

    public int Threshold { get; init; }

    public required IReadOnlyList<ValidationReport> Files { get; init; }

    public IReadOnlyList<SkippedFile> Skipped { get; init; } = [];

    /// <summary>The line-weighted mean score of the files that have one; null when none has.</summary>
    public int? Score
    {
        get
        {
            ValidationReport[] scored = [.. Files.Where(f => f.Score is not null)];
            if (scored.Length == 0)
            {
                return null;
            }

            double lines = scored.Sum(f => Math.Max(1, f.Lines));
            return (int)Math.Round(scored.Sum(f => f.Score!.Value * (double)Math.Max(1, f.Lines)) / lines, MidpointRounding.AwayFromZero);
        }
    }

    /// <summary>The lowest score of any file (what <c>--fail-under</c> compares); null when none has one.</summary>
    public int? Lowest => Files.Where(f => f.Score is not null).Select(f => f.Score).Min();

    public int Passed => Files.Count(f => f.Passed);

    public int Failed => Files.Count(f => !f.Passed);

    public double ElapsedMs { get; init; }
}
