using Purser.Embeddings;

namespace Purser.Providers.Simulated;

/// <summary>
/// Deterministic unit vectors for the simulated provider: the same input, model and length always give the same
/// vector, different inputs different ones. The length is the request's <c>dimensions</c>, else the real model's
/// (1536 for text-embedding-3-small and ada-002, 3072 for text-embedding-3-large and gemini-embedding-001, 768 for
/// text-embedding-004), else 1536.
/// </summary>
internal static class SimulatedEmbeddings
{
    public const int DefaultDimensions = 1536;

    public static int DimensionsFor(string model, int? requested) => requested ?? (model.Contains("3-large", StringComparison.OrdinalIgnoreCase)
        || model.Contains("gemini-embedding", StringComparison.OrdinalIgnoreCase) ? 3072
        : model.Contains("text-embedding-004", StringComparison.OrdinalIgnoreCase) ? 768
        : DefaultDimensions);

    public static float[] Vector(string model, EmbeddingInput input, int dimensions)
    {
        ulong hash = 14695981039346656037UL;
        foreach (char c in model)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        if (input.Tokens is { } tokens)
        {
            foreach (int token in tokens)
            {
                hash = (hash ^ (uint)token ^ 0x9E3779B9UL) * 1099511628211UL;
            }
        }
        else
        {
            foreach (char c in input.Text ?? "")
            {
                hash = (hash ^ c) * 1099511628211UL;
            }
        }

        float[] vector = new float[dimensions];
        double norm = 0;
        for (int i = 0; i < dimensions; i++)
        {
            hash = (hash * 6364136223846793005UL) + 1442695040888963407UL;
            double value = ((hash >> 11) * (1.0 / (1UL << 53)) * 2) - 1;
            vector[i] = (float)value;
            norm += value * value;
        }

        float scale = norm > 0 ? (float)(1 / Math.Sqrt(norm)) : 0;
        for (int i = 0; i < dimensions; i++)
        {
            vector[i] *= scale;
        }

        return vector;
    }
}
