namespace Purser.Routing;

/// <summary>What <c>auto</c> decided: the tier, the rule that decided it (operation, keyword, size, default) and why.</summary>
internal sealed record AutoClassification(string Tier, string Rule, string Reason);
