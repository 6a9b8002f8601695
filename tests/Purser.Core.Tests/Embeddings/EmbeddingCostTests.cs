using Purser.Budgets;
using Purser.Caching;
using Purser.Chat;
using Purser.Configuration;
using Purser.Embeddings;
using Purser.Pricing;
using Purser.Routing;
using Purser.Tokens;
using Purser.Usage;

namespace Purser.Core.Tests.Embeddings;

/// <summary>How an embeddings call is counted, priced, reserved for and cached.</summary>
public sealed class EmbeddingCostTests
{
    private static readonly PricingCatalog Catalog = PricingCatalog.LoadBuiltIn();

    private static ChatRequest Embedding(int? dimensions = null, params string[] texts)
    {
        var embedding = new EmbeddingRequest { Dimensions = dimensions };
        foreach (string text in texts)
        {
            embedding.Inputs.Add(EmbeddingInput.FromText(text));
        }

        return new ChatRequest { Model = "text-embedding-3-small", Embedding = embedding };
    }

    [Theory]
    [InlineData("openai/text-embedding-3-small", "0.02")]
    [InlineData("openai/text-embedding-3-large", "0.13")]
    [InlineData("openai/text-embedding-ada-002", "0.10")]
    [InlineData("gemini/gemini-embedding-001", "0.15")]
    [InlineData("gemini/text-embedding-004", "0")]
    public void Catalog_EmbeddingModels_HaveTheirPublishedInputPrice_AndNoOutputPrice(string id, string input)
    {
        ModelPrice price = Catalog.Find(id).ShouldNotBeNull();

        price.Input.ShouldBe(decimal.Parse(input, System.Globalization.CultureInfo.InvariantCulture));
        price.Output.ShouldBe(0m);
    }

    [Fact]
    public void Compute_AMillionInputTokensOfTextEmbedding3Small_Costs2Cents()
    {
        CostCalculator.Compute(new TokenUsage(1_000_000, 0), Catalog.Find("text-embedding-3-small")).Total.ShouldBe(0.02m);
    }

    [Fact]
    public void CountPrompt_Embedding_IsTheInputsTokensWithoutFraming_AndTokenIdsCountOneEach()
    {
        ChatTokenCounter counter = ChatTokenCounter.ForModel("text-embedding-3-small");
        ChatRequest request = Embedding(null, "hello world", "a second input");
        request.Embedding!.Inputs.Add(EmbeddingInput.FromTokens([1, 2, 3, 4]));

        TokenCount count = counter.CountPrompt(request);

        count.Tokens.ShouldBe(counter.TextCounter.Count("hello world").Tokens + counter.TextCounter.Count("a second input").Tokens + 4);
    }

    [Fact]
    public void Estimate_Embedding_IsTheCountedInputAtTheInputPrice_WithNoOutput()
    {
        var estimator = new ReservationEstimator(new DeploymentPrices(Catalog, new PurserOptions()));
        ChatRequest request = Embedding(null, "some text to embed for the budget");
        var deployment = new Deployment("openai", "text-embedding-3-small");
        long counted = ChatTokenCounter.ForModel("text-embedding-3-small").CountPrompt(request).Tokens;

        WorstCase worst = estimator.Estimate(request, [deployment], defaultMaxOutput: 4096);

        worst.MaxOutputTokens.ShouldBe(0);
        worst.PromptTokens.ShouldBe(counted);
        worst.Tokens.ShouldBe(counted);
        worst.Usd.ShouldBe(counted * 0.02m / 1_000_000m);
    }

    [Fact]
    public void CacheKey_DependsOnInputsAndDimensions_NotOnEncoding()
    {
        Deployment[] targets = [new("openai", "text-embedding-3-small")];
        CacheKey Key(ChatRequest r) => CacheKeyBuilder.Compute(r, "global", targets);
        ChatRequest base64 = Embedding(null, "a");
        base64.Embedding!.Encoding = EmbeddingEncoding.Base64;
        ChatRequest tokens = Embedding(null);
        tokens.Embedding!.Inputs.Add(EmbeddingInput.FromTokens([64]));

        Key(Embedding(null, "a")).ShouldBe(Key(base64));
        Key(Embedding(null, "a")).ShouldNotBe(Key(Embedding(null, "b")));
        Key(Embedding(null, "a", "b")).ShouldNotBe(Key(Embedding(null, "b", "a")));
        Key(Embedding(null, "a")).ShouldNotBe(Key(Embedding(256, "a")));
        Key(Embedding(null, "a")).ShouldNotBe(Key(tokens));
        Key(Embedding(null, "a")).ShouldNotBe(Key(new ChatRequest { Model = "text-embedding-3-small", Messages = { ChatMessage.FromText(ChatRole.User, "a") } }));
    }

    [Fact]
    public void CachedAnswer_Embeddings_RoundTripExactly()
    {
        var response = new ChatResponse { Model = "text-embedding-3-small", Embeddings = [[0.1f, -0.2f], [3e-8f, 1f]], Usage = new TokenUsage(5, 0) };

        CachedAnswer.CanStore(response).ShouldBeTrue();
        ChatResponse back = CachedAnswer.Deserialize(CachedAnswer.Serialize(response));

        back.Embeddings!.Count.ShouldBe(2);
        back.Embeddings[0].ShouldBe(response.Embeddings[0]);
        back.Embeddings[1].ShouldBe(response.Embeddings[1]);
        back.Usage.InputTokens.ShouldBe(5);
    }
}
