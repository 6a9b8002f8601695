namespace Purser.Assistant.Validation;

/// <summary>A file a validation run did not validate, and why.</summary>
internal sealed record UnvalidatedFile(string Path, string Reason);
