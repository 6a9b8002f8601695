using System.Text.Json;
using Purser.Chat;
using Purser.Embeddings;

namespace Purser.Providers.OpenAI;

/// <summary>
/// Reads an OpenAI embeddings answer (<c>{"object":"list","data":[{"index":0,"embedding":[…] or "base64…"}],
/// "model":…,"usage":{"prompt_tokens":…,"total_tokens":…}}</c>) into canonical vectors, in index order, and usage.
/// </summary>
internal static class OpenAIEmbeddingResponseReader
{
    /// <summary>Parses <paramref name="body"/>; throws <see cref="JsonException"/> or <see cref="FormatException"/> when malformed.</summary>
    public static ChatResponse Read(ReadOnlySpan<byte> body, int expected)
    {
        var reader = new Utf8JsonReader(body);
        using JsonDocument document = JsonDocument.ParseValue(ref reader);
        JsonElement root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("data", out JsonElement data) || data.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException("An embeddings answer has no 'data' array.");
        }

        var vectors = new float[]?[data.GetArrayLength()];
        int position = 0;
        foreach (JsonElement item in data.EnumerateArray())
        {
            int index = item.TryGetProperty("index", out JsonElement i) && i.ValueKind == JsonValueKind.Number ? i.GetInt32() : position;
            if (index < 0 || index >= vectors.Length || vectors[index] is not null)
            {
                throw new JsonException($"An embeddings answer has a bad or repeated index {index}.");
            }

            vectors[index] = Vector(item);
            position++;
        }

        if (vectors.Length != expected)
        {
            throw new JsonException($"An embeddings answer has {vectors.Length} vectors for {expected} inputs.");
        }

        var response = new ChatResponse
        {
            Model = root.TryGetProperty("model", out JsonElement model) && model.ValueKind == JsonValueKind.String ? model.GetString()! : "",
            Embeddings = [.. vectors.Select(v => v!)],
        };
        if (root.TryGetProperty("usage", out JsonElement usage) && usage.ValueKind == JsonValueKind.Object)
        {
            response.Usage = OpenAIUsage.Read(usage);
        }

        return response;
    }

    private static float[] Vector(JsonElement item)
    {
        if (!item.TryGetProperty("embedding", out JsonElement embedding))
        {
            throw new JsonException("An embeddings answer item has no 'embedding'.");
        }

        if (embedding.ValueKind == JsonValueKind.String)
        {
            return EmbeddingVectors.FromBase64(embedding.GetString()!);
        }

        return embedding.ValueKind == JsonValueKind.Array ? Floats(embedding) : throw new JsonException("An embedding is neither an array of numbers nor base64.");
    }

    /// <summary>A JSON array of numbers as float32 values (OpenAI's float vectors, Gemini's values).</summary>
    internal static float[] Floats(JsonElement array)
    {
        float[] vector = new float[array.GetArrayLength()];
        int n = 0;
        foreach (JsonElement value in array.EnumerateArray())
        {
            vector[n++] = value.GetSingle();
        }

        return vector;
    }
}
