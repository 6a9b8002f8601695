using System.Buffers;
using System.Text.Json;
using Purser.Chat;
using Purser.Embeddings;
using Purser.Providers.Json;

namespace Purser.Providers.OpenAI;

/// <summary>
/// Writes canonical vectors as an OpenAI embeddings answer, each vector as numbers or as base64 of its float32 values,
/// as the client asked — for answers from another protocol (Gemini, simulated) and for cache hits.
/// </summary>
internal static class OpenAIEmbeddingResponseWriter
{
    public static byte[] Write(ChatResponse response, string model, EmbeddingEncoding encoding)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, JsonWriting.Options))
        {
            writer.WriteStartObject();
            writer.WriteString("object", "list");
            writer.WriteStartArray("data");
            List<float[]> vectors = response.Embeddings ?? [];
            for (int i = 0; i < vectors.Count; i++)
            {
                writer.WriteStartObject();
                writer.WriteString("object", "embedding");
                writer.WriteNumber("index", i);
                if (encoding == EmbeddingEncoding.Base64)
                {
                    writer.WriteString("embedding", EmbeddingVectors.ToBase64(vectors[i]));
                }
                else
                {
                    writer.WriteStartArray("embedding");
                    foreach (float value in vectors[i])
                    {
                        writer.WriteNumberValue(value);
                    }

                    writer.WriteEndArray();
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteString("model", model);
            writer.WriteStartObject("usage");
            writer.WriteNumber("prompt_tokens", response.Usage.InputTokens);
            writer.WriteNumber("total_tokens", response.Usage.InputTokens);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
