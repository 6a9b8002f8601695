using Purser.Tokens;

namespace Purser.Budgets;

/// <summary>
/// What a call's worst case on one deployment assumed before calibration: Purser's prompt count and the output it
/// allowed (all answers together).
/// </summary>
internal readonly record struct ReservedUsage(long CountedPrompt, long MaxOutput)
{
    /// <summary>What the prompt carried beyond text: calibration is learned per shape.</summary>
    public PromptShape Shape { get; init; }
}
