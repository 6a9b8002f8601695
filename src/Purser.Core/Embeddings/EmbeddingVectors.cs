using System.Buffers.Binary;

namespace Purser.Embeddings;

/// <summary>
/// The binary form of a vector, as OpenAI's <c>encoding_format: base64</c> carries it and the cache stores it:
/// the float32 values, little-endian, back to back.
/// </summary>
internal static class EmbeddingVectors
{
    public static string ToBase64(ReadOnlySpan<float> vector)
    {
        byte[] bytes = new byte[vector.Length * sizeof(float)];
        for (int i = 0; i < vector.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), vector[i]);
        }

        return Convert.ToBase64String(bytes);
    }

    /// <summary>Decodes a base64 vector; throws <see cref="FormatException"/> when it is not base64 of whole float32 values.</summary>
    public static float[] FromBase64(string base64)
    {
        byte[] bytes = Convert.FromBase64String(base64);
        if (bytes.Length % sizeof(float) != 0)
        {
            throw new FormatException($"A base64 embedding of {bytes.Length} bytes is not a whole number of float32 values.");
        }

        float[] vector = new float[bytes.Length / sizeof(float)];
        for (int i = 0; i < vector.Length; i++)
        {
            vector[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * sizeof(float)));
        }

        return vector;
    }
}
