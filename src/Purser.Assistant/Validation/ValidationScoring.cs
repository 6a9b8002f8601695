namespace Purser.Assistant.Validation;

/// <summary>
/// How scores are computed. The syntax check is 100 or, with any error, 0. Any other check starts at 100 and loses 40 per error, 15 per warning and 3 per note, never below 0;
/// documentation is the share of public members that are documented (other findings of the check still cost their
/// penalty). The overall score is the weighted mean of the checks that ran (<see cref="ValidationChecks.Weight"/>),
/// rounded, and at most 50 when the code does not parse or compile or has an error-severity security or cross-check finding.
/// </summary>
internal static class ValidationScoring
{
    public const int ErrorPenalty = 40;
    public const int WarningPenalty = 15;
    public const int NotePenalty = 3;

    /// <summary>The most a file with a syntax error or an error-severity security finding can score.</summary>
    public const int BlockingCap = 50;

    public static int Penalty(string severity) => severity switch
    {
        "error" => ErrorPenalty,
        "warning" => WarningPenalty,
        _ => NotePenalty,
    };

    public static int PenaltyScore(IEnumerable<ValidationFinding> findings) =>
        Math.Max(0, 100 - findings.Sum(f => Penalty(f.Severity)));

    public static int RatioScore(int ok, int total, IEnumerable<ValidationFinding> others)
    {
        int share = (int)Math.Round(100.0 * ok / total, MidpointRounding.AwayFromZero);
        return Math.Max(0, share - others.Sum(f => Penalty(f.Severity)));
    }

    /// <summary>The line-weighted mean score of several files (a folder, a generation's files); null when none has a score.</summary>
    public static int? LineWeighted(IEnumerable<ValidationReport> reports)
    {
        ValidationReport[] scored = [.. reports.Where(r => r.Score is not null)];
        if (scored.Length == 0)
        {
            return null;
        }

        double lines = scored.Sum(r => Math.Max(1, r.Lines));
        return (int)Math.Round(scored.Sum(r => r.Score!.Value * (double)Math.Max(1, r.Lines)) / lines, MidpointRounding.AwayFromZero);
    }

    /// <summary>The overall score of a file from its checks; null when no check ran.</summary>
    public static int? Overall(IReadOnlyList<CheckResult> checks)
    {
        ArgumentNullException.ThrowIfNull(checks);
        int weights = 0;
        double sum = 0;
        foreach (CheckResult check in checks)
        {
            if (check.Status == CheckStatus.Checked && check.Score is int score && check.Weight > 0)
            {
                weights += check.Weight;
                sum += check.Weight * score;
            }
        }

        if (weights == 0)
        {
            return null;
        }

        int overall = (int)Math.Round(sum / weights, MidpointRounding.AwayFromZero);
        bool blocking = checks.Any(c => c.Findings.Any(f =>
            f.Severity == "error" && (f.Check is ValidationChecks.Syntax or ValidationChecks.Security or ValidationChecks.CrossCheck)));
        return blocking ? Math.Min(overall, BlockingCap) : overall;
    }
}
