namespace Purser.Assistant.Validation;

/// <summary>One check on one file: whether it ran, its 0-100 score (null when it did not run), a note and its findings.</summary>
internal sealed record CheckResult(string Name, CheckStatus Status, int? Score, string Note, IReadOnlyList<ValidationFinding> Findings)
{
    public int Weight => ValidationChecks.Weight(Name);
}
