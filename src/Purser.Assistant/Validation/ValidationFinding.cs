namespace Purser.Assistant.Validation;

/// <summary>One problem the validator found: where (1-based line; null for the whole file), which rule and check, how serious, what.</summary>
internal sealed record ValidationFinding(int? Line, string Rule, string Check, string Severity, string Message);
