namespace Purser.Embeddings;

/// <summary>How an OpenAI embeddings answer carries each vector (<c>encoding_format</c>).</summary>
internal enum EmbeddingEncoding
{
    /// <summary>A JSON array of numbers (the API's default).</summary>
    Float,

    /// <summary>Base64 of the vector's little-endian float32 values (what the official SDKs ask for).</summary>
    Base64,
}
