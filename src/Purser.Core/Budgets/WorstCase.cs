namespace Purser.Budgets;

/// <summary>The most a call can cost: tokens (prompt + max output) and dollars (null when a deployment has no price).</summary>
internal readonly record struct WorstCase(long Tokens, decimal? Usd, long PromptTokens, long MaxOutputTokens);
