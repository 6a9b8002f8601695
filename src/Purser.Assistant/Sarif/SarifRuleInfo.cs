namespace Purser.Assistant.Sarif;

/// <summary>How a SARIF rule is described: its name, description, whether it is serious (default level error), and whether a model found its results.</summary>
internal sealed record SarifRuleInfo(string Name, string Description, bool Serious, bool ByModel);
