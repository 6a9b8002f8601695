namespace Purser.Tokens;

/// <summary>A number of tokens and how it was obtained.</summary>
/// <param name="Tokens">The count.</param>
/// <param name="IsExact">
/// True when the count is what the provider's own tokenizer gives (an OpenAI encoding applied to an OpenAI model);
/// false for a calibrated estimate, which errs on the high side.
/// </param>
/// <param name="Method">How the count was made: an encoding name such as <c>o200k_base</c>, or an estimate's description
/// such as <c>estimate:claude(o200k_base*1.25)</c>.</param>
public readonly record struct TokenCount(long Tokens, bool IsExact, string Method)
{
    /// <summary>What the prompt carries beyond text.</summary>
    public PromptShape Shape { get; init; }

    /// <summary>
    /// True when part of the prompt is content Purser cannot measure (a file id, a document by URL, video of unknown
    /// length): <see cref="Tokens"/> then counts only the rest, and a reservation takes the model's whole context window.
    /// </summary>
    public bool Unbounded { get; init; }
}
