using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Purser.Chat;
using Purser.Embeddings;
using Purser.Providers.Json;

namespace Purser.Providers.OpenAI;

/// <summary>
/// The body of <c>POST {BaseUrl}/embeddings</c>. A request that arrived as an OpenAI embeddings request is passed
/// through as the client sent it (every field it has, unknown ones included), with only the model replaced by the
/// deployment's; one built in code is written from the canonical form.
/// </summary>
internal static class OpenAIEmbeddingRequestWriter
{
    public static byte[] Write(ChatRequest request, string upstreamModel)
    {
        EmbeddingRequest embedding = request.Embedding ?? throw new ArgumentException("Not an embeddings request.", nameof(request));
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, JsonWriting.Options))
        {
            writer.WriteStartObject();
            writer.WriteString("model", upstreamModel);
            if (request.SourceProtocol == WireProtocol.OpenAIEmbeddings && request.Raw is { } raw)
            {
                foreach (var (name, value) in raw)
                {
                    if (name == "model")
                    {
                        continue;
                    }

                    writer.WritePropertyName(name);
                    JsonWriting.WriteNode(writer, value);
                }
            }
            else
            {
                WriteCanonical(writer, request, embedding);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteCanonical(Utf8JsonWriter writer, ChatRequest request, EmbeddingRequest embedding)
    {
        writer.WriteStartArray("input");
        foreach (EmbeddingInput input in embedding.Inputs)
        {
            if (input.Tokens is { } tokens)
            {
                writer.WriteStartArray();
                foreach (int token in tokens)
                {
                    writer.WriteNumberValue(token);
                }

                writer.WriteEndArray();
            }
            else
            {
                writer.WriteStringValue(input.Text);
            }
        }

        writer.WriteEndArray();
        if (embedding.Dimensions is int dimensions)
        {
            writer.WriteNumber("dimensions", dimensions);
        }

        writer.WriteString("encoding_format", embedding.Encoding == EmbeddingEncoding.Base64 ? "base64" : "float");
        if (request.User is { } user)
        {
            writer.WriteString("user", user);
        }

        foreach (var (name, value) in request.Extensions)
        {
            writer.WritePropertyName(name);
            JsonWriting.WriteNode(writer, value);
        }
    }
}
