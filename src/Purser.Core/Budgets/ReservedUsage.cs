namespace Purser.Budgets;

/// <summary>What a call's worst case on one deployment assumed before calibration: Purser's prompt count and the output tokens it allowed.</summary>
public readonly record struct ReservedUsage(long CountedPrompt, long MaxOutput);
