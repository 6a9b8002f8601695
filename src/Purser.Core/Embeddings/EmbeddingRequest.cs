namespace Purser.Embeddings;

/// <summary>
/// What an embeddings call asks for, carried on <see cref="Chat.ChatRequest.Embedding"/> so the call runs through the
/// same pipeline as a chat call (guard, route, cache, budget, dispatch, price, ledger). The chat fields of that request
/// stay empty; <see cref="Chat.ChatRequest.Model"/> and <see cref="Chat.ChatRequest.User"/> are the embedding's.
/// </summary>
internal sealed class EmbeddingRequest
{
    /// <summary>The most inputs one call may carry (the OpenAI API's limit).</summary>
    public const int MaxInputs = 2048;

    /// <summary>The inputs, in order; the answer has one vector per input, in the same order.</summary>
    public List<EmbeddingInput> Inputs { get; } = [];

    /// <summary>The vector length asked for (OpenAI <c>dimensions</c>, Gemini <c>outputDimensionality</c>); null = the model's.</summary>
    public int? Dimensions { get; set; }

    /// <summary>How the client wants vectors written; the upstream's own answer is forwarded when it is in the same protocol.</summary>
    public EmbeddingEncoding Encoding { get; set; } = EmbeddingEncoding.Float;

    /// <summary>Whether any input is token ids rather than text.</summary>
    public bool HasTokenInputs => Inputs.Exists(i => i.Tokens is not null);
}
