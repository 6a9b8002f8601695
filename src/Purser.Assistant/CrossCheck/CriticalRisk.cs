namespace Purser.Assistant.CrossCheck;

/// <summary>A critical area the code touches (<c>payments</c>, <c>authentication</c>, <c>webhooks</c>, <c>admin</c>, <c>database</c>) and the words that gave it away.</summary>
internal sealed record CriticalRisk(string Id, IReadOnlyList<string> Evidence);
