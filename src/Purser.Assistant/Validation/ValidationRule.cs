namespace Purser.Assistant.Validation;

/// <summary>A validator rule: a stable id, the check it belongs to, its severity, a short name and what it looks for.</summary>
internal sealed record ValidationRule(string Id, string Check, string Severity, string Name, string Description);
