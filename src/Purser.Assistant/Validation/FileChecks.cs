namespace Purser.Assistant.Validation;

/// <summary>
/// What the language analysers record for one file: findings by rule, and which checks ran. A check starts as
/// "not checked" until an analyser marks it checked or not applicable.
/// </summary>
internal sealed class FileChecks
{
    private readonly Dictionary<string, (CheckStatus Status, string Note)> _status = new(StringComparer.Ordinal);
    private readonly List<ValidationFinding> _findings = [];
    private readonly Dictionary<string, (int Ok, int Total)> _ratios = new(StringComparer.Ordinal);

    public FileChecks()
    {
        foreach (string check in ValidationChecks.Deterministic)
        {
            _status[check] = (CheckStatus.NotChecked, "");
        }
    }

    public IReadOnlyList<ValidationFinding> Findings => _findings;

    public void Add(ValidationRule rule, int? line, string message, string? severity = null)
    {
        // One finding per rule and line: a pattern matching twice on a line is one problem.
        if (_findings.Any(f => f.Rule == rule.Id && f.Line == line))
        {
            return;
        }

        _findings.Add(new ValidationFinding(line, rule.Id, rule.Check, severity ?? rule.Severity, message));
    }

    public void RemoveFindings(string check) => _findings.RemoveAll(f => f.Check == check);

    public void Checked(string check, string note = "") => _status[check] = (CheckStatus.Checked, note);

    public void NotChecked(string check, string note) => _status[check] = (CheckStatus.NotChecked, note);

    public void NotApplicable(string check, string note) => _status[check] = (CheckStatus.NotApplicable, note);

    /// <summary>Marks a check as scored by a ratio: <paramref name="ok"/> of <paramref name="total"/> items pass (documentation).</summary>
    public void Ratio(string check, int ok, int total, string note)
    {
        if (total == 0)
        {
            NotApplicable(check, note);
            return;
        }

        _ratios[check] = (ok, total);
        Checked(check, note);
    }

    public CheckStatus StatusOf(string check) => _status.TryGetValue(check, out var s) ? s.Status : CheckStatus.NotChecked;

    public IReadOnlyList<CheckResult> Results()
    {
        var results = new List<CheckResult>();
        foreach (string check in ValidationChecks.Deterministic)
        {
            (CheckStatus status, string note) = _status[check];
            ValidationFinding[] findings = [.. _findings.Where(f => f.Check == check).OrderBy(f => f.Line ?? 0).ThenBy(f => f.Rule, StringComparer.Ordinal)];
            int? score = status != CheckStatus.Checked
                ? null
                : check == ValidationChecks.Syntax && findings.Any(f => f.Severity == "error")
                    ? 0
                : _ratios.TryGetValue(check, out var ratio)
                    ? ValidationScoring.RatioScore(ratio.Ok, ratio.Total, findings.Where(f => !IsRatioRule(f.Rule)))
                    : ValidationScoring.PenaltyScore(findings);
            results.Add(new CheckResult(check, status, score, note, findings));
        }

        return results;
    }

    private static bool IsRatioRule(string rule) => rule is "DOC001" or "DOC002" or "DOC003";
}
