using System.Text.Json;
using Purser.Chat;

namespace Purser.Providers.Gemini;

/// <summary>
/// Reads a Gemini embeddings answer: <c>{"embedding":{"values":[…]}}</c> from embedContent or
/// <c>{"embeddings":[{"values":[…]},…]}</c> from batchEmbedContents, in input order. The usage is
/// <c>usageMetadata.promptTokenCount</c> when the API reports it; otherwise it stays empty and Purser counts the input
/// itself (marked estimated).
/// </summary>
internal static class GeminiEmbeddingResponseReader
{
    /// <summary>Parses <paramref name="body"/>; throws <see cref="JsonException"/> when malformed.</summary>
    public static ChatResponse Read(ReadOnlySpan<byte> body, bool batch, int expected)
    {
        var reader = new Utf8JsonReader(body);
        using JsonDocument document = JsonDocument.ParseValue(ref reader);
        JsonElement root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("A Gemini embeddings answer is not an object.");
        }

        var vectors = new List<float[]>(expected);
        if (batch)
        {
            if (!root.TryGetProperty("embeddings", out JsonElement embeddings) || embeddings.ValueKind != JsonValueKind.Array)
            {
                throw new JsonException("A batchEmbedContents answer has no 'embeddings' array.");
            }

            foreach (JsonElement embedding in embeddings.EnumerateArray())
            {
                vectors.Add(Values(embedding));
            }
        }
        else
        {
            vectors.Add(Values(root.TryGetProperty("embedding", out JsonElement embedding) ? embedding : throw new JsonException("An embedContent answer has no 'embedding'.")));
        }

        if (vectors.Count != expected)
        {
            throw new JsonException($"A Gemini embeddings answer has {vectors.Count} vectors for {expected} inputs.");
        }

        var response = new ChatResponse { Embeddings = vectors };
        if (root.TryGetProperty("usageMetadata", out JsonElement usage) && usage.ValueKind == JsonValueKind.Object)
        {
            response.Usage = GeminiUsage.Read(usage);
        }

        return response;
    }

    private static float[] Values(JsonElement embedding)
    {
        if (embedding.ValueKind != JsonValueKind.Object || !embedding.TryGetProperty("values", out JsonElement values) || values.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException("A Gemini embedding has no 'values' array.");
        }

        return OpenAI.OpenAIEmbeddingResponseReader.Floats(values);
    }
}
