using Purser.Chat;

namespace Purser.Providers.Gemini;

/// <summary>Gemini's Candidate.FinishReason in the canonical vocabulary.</summary>
internal static class GeminiFinishReason
{
    /// <param name="reason">The wire value; null when the candidate has not finished (or did not say).</param>
    /// <param name="calledTools">Whether the answer holds function calls: Gemini then still says STOP.</param>
    public static FinishReason Parse(string? reason, bool calledTools) => reason switch
    {
        null or "STOP" => calledTools ? FinishReason.ToolCalls : FinishReason.Stop,
        "MAX_TOKENS" => FinishReason.Length,
        "SAFETY" or "RECITATION" or "BLOCKLIST" or "PROHIBITED_CONTENT" or "SPII"
            or "IMAGE_SAFETY" or "IMAGE_PROHIBITED_CONTENT" or "IMAGE_RECITATION" => FinishReason.ContentFilter,
        _ => FinishReason.Other, // LANGUAGE, MALFORMED_FUNCTION_CALL, UNEXPECTED_TOOL_CALL, TOO_MANY_TOOL_CALLS, OTHER, …
    };

    /// <summary>Why a prompt was blocked (promptFeedback.blockReason): every reason is a content filter.</summary>
    public static FinishReason ForBlockedPrompt(string? blockReason) =>
        blockReason is null or "BLOCK_REASON_UNSPECIFIED" ? FinishReason.Other : FinishReason.ContentFilter;
}
