namespace Purser.Embeddings;

/// <summary>One input of an embeddings call: text, or text already split into the model's token ids (OpenAI only).</summary>
internal sealed class EmbeddingInput
{
    private EmbeddingInput(string? text, int[]? tokens)
    {
        Text = text;
        Tokens = tokens;
    }

    /// <summary>The text to embed; null when the input is token ids.</summary>
    public string? Text { get; set; }

    /// <summary>Token ids of the model's own encoding; null when the input is text.</summary>
    public int[]? Tokens { get; }

    public static EmbeddingInput FromText(string text) => new(text, null);

    public static EmbeddingInput FromTokens(int[] tokens) => new(null, tokens);
}
