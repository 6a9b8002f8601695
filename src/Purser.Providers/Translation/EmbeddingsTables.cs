using Purser.Chat;

namespace Purser.Providers.Translation;

/// <summary>What happens to an OpenAI embeddings request's fields on a Gemini upstream (embedContent / batchEmbedContents).</summary>
internal static class EmbeddingsTables
{
    public static TranslationTable ToGemini { get; } = new TranslationTable(WireProtocol.OpenAIEmbeddings, WireProtocol.Gemini)
        .Map("model", "the model in the URL (models/{model}:embedContent) and in each batch request")
        .Map("input", "one input: embedContent with content.parts[0].text; several: batchEmbedContents, one request each, at most 100 per call (more are split over several calls, joined in order), vectors back in input order; token ids are refused (Gemini embeds text)")
        .Map("dimensions", "outputDimensionality")
        .Map("encoding_format", "not sent: Purser writes Gemini's values as numbers or as base64 float32, as asked")
        .Drop("user", "Gemini has no end-user id (it is still recorded in the ledger)");
}
