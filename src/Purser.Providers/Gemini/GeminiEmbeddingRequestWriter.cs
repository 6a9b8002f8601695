using System.Buffers;
using System.Text.Json;
using Purser.Chat;
using Purser.Embeddings;
using Purser.Providers.Json;
using Purser.Providers.Translation;
using Purser.Translation;

namespace Purser.Providers.Gemini;

/// <summary>
/// Writes an embeddings call for the Gemini API: one input as an <c>embedContent</c> body
/// (<c>{"model":"models/…","content":{"parts":[{"text":…}]},"outputDimensionality":…}</c>), several as a
/// <c>batchEmbedContents</c> body (<c>{"requests":[…one such request per input…]}</c>). Fields are decided by
/// <see cref="EmbeddingsTables.ToGemini"/>; token-id inputs are refused, as Gemini embeds text only.
/// </summary>
internal static class GeminiEmbeddingRequestWriter
{
    /// <summary>
    /// The most requests one batchEmbedContents call takes (the API answers 400 INVALID_ARGUMENT "at most 100 requests
    /// can be in one batch" above it); a call with more inputs is sent as several, see <see cref="GeminiProvider"/>.
    /// </summary>
    public const int MaxBatch = 100;

    /// <summary>Whether the call goes to batchEmbedContents (more than one input) rather than embedContent.</summary>
    public static bool IsBatch(EmbeddingRequest embedding) => embedding.Inputs.Count > 1;

    public static byte[] Write(ChatRequest request, string model, TranslationReport report)
    {
        EmbeddingRequest embedding = request.Embedding ?? throw new ArgumentException("Not an embeddings request.", nameof(request));
        TranslationPolicy.Apply(request, WireProtocol.Gemini, report);
        for (int i = 0; i < embedding.Inputs.Count; i++)
        {
            if (embedding.Inputs[i].Tokens is not null)
            {
                string param = embedding.Inputs.Count == 1 && request.Raw?["input"] is System.Text.Json.Nodes.JsonArray ? "input" : $"input[{i}]";
                throw new InvalidRequestException(
                    $"'{param}' is token ids, and Gemini embeds text only; send the text, or choose an OpenAI-kind embedding model.", param);
            }
        }

        string path = "models/" + GeminiModel.Bare(model);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, JsonWriting.Options))
        {
            if (IsBatch(embedding))
            {
                writer.WriteStartObject();
                writer.WriteStartArray("requests");
                foreach (EmbeddingInput input in embedding.Inputs)
                {
                    WriteRequest(writer, path, input.Text!, embedding.Dimensions);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }
            else
            {
                WriteRequest(writer, path, embedding.Inputs[0].Text!, embedding.Dimensions);
            }
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteRequest(Utf8JsonWriter writer, string model, string text, int? dimensions)
    {
        writer.WriteStartObject();
        writer.WriteString("model", model);
        writer.WriteStartObject("content");
        writer.WriteStartArray("parts");
        writer.WriteStartObject();
        writer.WriteString("text", text);
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
        if (dimensions is int d)
        {
            writer.WriteNumber("outputDimensionality", d);
        }

        writer.WriteEndObject();
    }
}
