using Purser.Pricing;
using Purser.Usage;

namespace Purser.Core.Tests.Pricing;

/// <summary>
/// Worked examples. Each expected figure is computed by hand in the comment from the catalog's prices
/// (USD per 1M tokens), so a test fails if either the formula or the catalog figure changes.
/// </summary>
public sealed class CostCalculatorTests
{
    private static readonly PricingCatalog Catalog = PricingCatalog.LoadBuiltIn();

    private static ModelPrice Price(string id) => Catalog.Find(id) ?? throw new InvalidOperationException($"{id} is not in the catalog");

    [Fact]
    public void Compute_SeedExample_Is0_0125Exactly()
    {
        // 1,000 × $5 / 1M = 0.005; 500 × $15 / 1M = 0.0075; total 0.0125.
        var price = new ModelPrice { Input = 5m, Output = 15m };

        CostResult cost = CostCalculator.Compute(new TokenUsage(1_000, 500), price);

        cost.IsKnown.ShouldBeTrue();
        cost.Total.ShouldBe(0.0125m);
        cost.Input.ShouldBe(0.005m);
        cost.Output.ShouldBe(0.0075m);
    }

    [Fact]
    public void Compute_SeedExampleOnCatalogGrokBeta_Is0_0125()
    {
        // xai/grok-beta is listed at the seed's $5 / $15.
        CostResult cost = CostCalculator.Compute(new TokenUsage(1_000, 500), Price("xai/grok-beta"));

        cost.Total.ShouldBe(0.0125m);
        cost.PricedAs.ShouldBe("xai/grok-beta");
    }

    [Fact]
    public void Compute_OpenAiGpt5WithCachedAndReasoningTokens_PricesEachPart()
    {
        // gpt-5: $1.25 input, $0.125 cached, $10 output (reasoning billed as output).
        // prompt_tokens 10,000 of which cached_tokens 4,000; completion_tokens 3,000 of which reasoning_tokens 2,000.
        //   uncached 6,000 × 1.25  = 0.0075
        //   cached   4,000 × 0.125 = 0.0005
        //   visible  1,000 × 10    = 0.01
        //   reasoning 2,000 × 10   = 0.02
        //   total                  = 0.038
        var usage = new TokenUsage(inputTokens: 10_000, outputTokens: 3_000, cachedInputTokens: 4_000, reasoningTokens: 2_000);

        CostResult cost = CostCalculator.Compute(usage, Price("openai/gpt-5"));

        cost.Input.ShouldBe(0.0075m);
        cost.CachedInput.ShouldBe(0.0005m);
        cost.Output.ShouldBe(0.01m);
        cost.Reasoning.ShouldBe(0.02m);
        cost.Total.ShouldBe(0.038m);
        cost.LongContext.ShouldBeFalse();
    }

    [Fact]
    public void Compute_OpenAiGpt4oMiniWithCachedTokens_UsesHalfPriceCache()
    {
        // gpt-4o-mini: $0.15 input, $0.075 cached, $0.60 output.
        // 3,000 prompt (2,048 cached), 250 completion:
        //   952 × 0.15 = 0.0001428; 2,048 × 0.075 = 0.0001536; 250 × 0.60 = 0.00015; total 0.0004464
        var usage = new TokenUsage(inputTokens: 3_000, outputTokens: 250, cachedInputTokens: 2_048);

        CostCalculator.Compute(usage, Price("openai/gpt-4o-mini")).Total.ShouldBe(0.0004464m);
    }

    [Fact]
    public void Compute_AnthropicSonnet45WithCacheReadAndFiveMinuteWrite_PricesEachPart()
    {
        // claude-sonnet-4-5: $3 input, $3.75 5-minute cache write, $0.30 cache read, $15 output.
        // Anthropic usage: input_tokens 2,000, cache_creation_input_tokens 10,000, cache_read_input_tokens 50,000,
        // output_tokens 1,500 → InputTokens 62,000 (all prompt tokens).
        //   uncached 2,000 × 3     = 0.006
        //   read    50,000 × 0.30  = 0.015
        //   write   10,000 × 3.75  = 0.0375
        //   output   1,500 × 15    = 0.0225
        //   total                  = 0.081
        var usage = new TokenUsage(inputTokens: 62_000, outputTokens: 1_500, cachedInputTokens: 50_000, cacheWriteTokens: 10_000);

        CostResult cost = CostCalculator.Compute(usage, Price("anthropic/claude-sonnet-4-5"));

        cost.Input.ShouldBe(0.006m);
        cost.CachedInput.ShouldBe(0.015m);
        cost.CacheWrite.ShouldBe(0.0375m);
        cost.Output.ShouldBe(0.0225m);
        cost.Total.ShouldBe(0.081m);
    }

    [Fact]
    public void Compute_AnthropicSonnet45PastTwoHundredThousand_UsesLongContextTierForEveryToken()
    {
        // Above 200K prompt tokens (1M-context beta) Sonnet 4.5 bills $6 input / $22.50 output on the whole request.
        // 250,000 × 6 = 1.5; 1,000 × 22.50 = 0.0225; total 1.5225.
        var usage = new TokenUsage(inputTokens: 250_000, outputTokens: 1_000);

        CostResult cost = CostCalculator.Compute(usage, Price("anthropic/claude-sonnet-4-5"));

        cost.LongContext.ShouldBeTrue();
        cost.Total.ShouldBe(1.5225m);
    }

    [Fact]
    public void Compute_GeminiFlashWithCachedAndThoughtTokens_PricesThoughtsAsOutput()
    {
        // gemini-2.5-flash: $0.30 input, $0.03 cached, $2.50 output (thinking included).
        // promptTokenCount 20,000 (cachedContentTokenCount 16,000); candidatesTokenCount 800 + thoughtsTokenCount 1,200
        // → OutputTokens 2,000 of which ReasoningTokens 1,200.
        //   uncached 4,000 × 0.30 = 0.0012
        //   cached  16,000 × 0.03 = 0.00048
        //   visible    800 × 2.50 = 0.002
        //   thoughts 1,200 × 2.50 = 0.003
        //   total                 = 0.00668
        var usage = new TokenUsage(inputTokens: 20_000, outputTokens: 2_000, cachedInputTokens: 16_000, reasoningTokens: 1_200);

        CostResult cost = CostCalculator.Compute(usage, Price("gemini/gemini-2.5-flash"));

        cost.Reasoning.ShouldBe(0.003m);
        cost.Total.ShouldBe(0.00668m);
    }

    [Fact]
    public void Compute_Gemini25ProAtTheThreshold_UsesBaseTier()
    {
        // gemini-2.5-pro up to 200K prompt tokens: $1.25 input, $0.125 cached, $10 output.
        // 200,000 prompt (50,000 cached); 1,000 output of which 600 thoughts.
        //   150,000 × 1.25 = 0.1875; 50,000 × 0.125 = 0.00625; 400 × 10 = 0.004; 600 × 10 = 0.006; total 0.20375
        var usage = new TokenUsage(inputTokens: 200_000, outputTokens: 1_000, cachedInputTokens: 50_000, reasoningTokens: 600);

        CostResult cost = CostCalculator.Compute(usage, Price("gemini/gemini-2.5-pro"));

        cost.LongContext.ShouldBeFalse();
        cost.Total.ShouldBe(0.20375m);
    }

    [Fact]
    public void Compute_Gemini25ProOneTokenPastTheThreshold_UsesLongContextTier()
    {
        // Above 200K: $2.50 input, $0.25 cached, $15 output, for every token of the request.
        // 200,001 prompt (50,000 cached); 1,000 output of which 600 thoughts.
        //   150,001 × 2.50 = 0.3750025; 50,000 × 0.25 = 0.0125; 400 × 15 = 0.006; 600 × 15 = 0.009; total 0.4025025
        var usage = new TokenUsage(inputTokens: 200_001, outputTokens: 1_000, cachedInputTokens: 50_000, reasoningTokens: 600);

        CostResult cost = CostCalculator.Compute(usage, Price("gemini/gemini-2.5-pro"));

        cost.LongContext.ShouldBeTrue();
        cost.Input.ShouldBe(0.3750025m);
        cost.Total.ShouldBe(0.4025025m);
    }

    [Fact]
    public void Compute_XaiGrok4WithCachedAndReasoningTokens_PricesEachPart()
    {
        // grok-4: $3 input, $0.75 cached, $15 output.
        // 5,000 prompt (3,000 cached); 700 completion of which 500 reasoning.
        //   2,000 × 3 = 0.006; 3,000 × 0.75 = 0.00225; 200 × 15 = 0.003; 500 × 15 = 0.0075; total 0.01875
        var usage = new TokenUsage(inputTokens: 5_000, outputTokens: 700, cachedInputTokens: 3_000, reasoningTokens: 500);

        CostCalculator.Compute(usage, Price("xai/grok-4")).Total.ShouldBe(0.01875m);
    }

    [Fact]
    public void Compute_DeepSeekCacheHit_BillsHitsAtTheCacheHitPrice()
    {
        // deepseek-chat: $0.28 cache miss, $0.028 cache hit, $0.42 output.
        // prompt_cache_hit_tokens 90,000 + prompt_cache_miss_tokens 10,000; completion 2,000.
        //   10,000 × 0.28 = 0.0028; 90,000 × 0.028 = 0.00252; 2,000 × 0.42 = 0.00084; total 0.00616
        var usage = new TokenUsage(inputTokens: 100_000, outputTokens: 2_000, cachedInputTokens: 90_000);

        CostCalculator.Compute(usage, Price("deepseek/deepseek-chat")).Total.ShouldBe(0.00616m);
    }

    [Fact]
    public void Compute_MistralSmallOneMillionEach_IsInputPlusOutputPrice()
    {
        // mistral-small: $0.10 / $0.30 → 1M + 1M tokens = 0.40.
        CostCalculator.Compute(new TokenUsage(1_000_000, 1_000_000), Price("mistral/mistral-small")).Total.ShouldBe(0.40m);
    }

    [Fact]
    public void Compute_ReasoningPricedDifferently_UsesReasoningPriceForReasoningTokensOnly()
    {
        // $1 input, $4 output, $8 reasoning; 1,000 in, 3,000 out of which 1,000 reasoning:
        //   0.001 + 2,000 × 4 = 0.008 + 1,000 × 8 = 0.008 → 0.017
        var price = new ModelPrice { Input = 1m, Output = 4m, Reasoning = 8m };
        var usage = new TokenUsage(inputTokens: 1_000, outputTokens: 3_000, reasoningTokens: 1_000);

        CostResult cost = CostCalculator.Compute(usage, price);

        cost.Output.ShouldBe(0.008m);
        cost.Reasoning.ShouldBe(0.008m);
        cost.Total.ShouldBe(0.017m);
    }

    [Fact]
    public void Compute_NoCachedPrice_BillsCachedTokensAtInputPrice()
    {
        // $2 input, no cached price: 1,000 prompt tokens of which 400 cached all cost $2 / 1M → 0.002.
        var price = new ModelPrice { Input = 2m, Output = 8m };

        CostResult cost = CostCalculator.Compute(new TokenUsage(inputTokens: 1_000, outputTokens: 0, cachedInputTokens: 400), price);

        cost.CachedInput.ShouldBe(0.0008m);
        cost.Total.ShouldBe(0.002m);
    }

    [Fact]
    public void Compute_NullPrice_IsUnknownNotZero()
    {
        CostResult cost = CostCalculator.Compute(new TokenUsage(1_000, 500), price: null);

        cost.IsKnown.ShouldBeFalse();
        cost.Total.ShouldBeNull();
        cost.ToString().ShouldBe("unknown");
    }

    [Fact]
    public void Compute_ZeroPrice_IsAKnownZero()
    {
        var selfHosted = new ModelPrice { Id = "ollama/llama3", Input = 0m, Output = 0m };

        CostResult cost = CostCalculator.Compute(new TokenUsage(1_000, 500), selfHosted);

        cost.IsKnown.ShouldBeTrue();
        cost.Total.ShouldBe(0m);
        cost.ShouldNotBe(CostResult.Unknown);
    }

    [Fact]
    public void Compute_OneTokenAtAFractionalPrice_KeepsFullPrecision()
    {
        // 1 × $0.05 / 1M = 0.00000005, not rounded away.
        CostCalculator.Compute(new TokenUsage(1, 0), new ModelPrice { Input = 0.05m, Output = 0.4m }).Total.ShouldBe(0.00000005m);
    }

    [Fact]
    public void Compute_EstimatedUsage_MarksTheCostEstimated()
    {
        var usage = new TokenUsage(1_000, 500, isEstimated: true);

        CostCalculator.Compute(usage, new ModelPrice { Input = 5m, Output = 15m }).IsEstimated.ShouldBeTrue();
    }

    [Fact]
    public void Compute_CachedAndWritesExceedingInput_BillsReportedTokensAndNoNegativeUncached()
    {
        // An upstream reporting more cached tokens than prompt tokens: uncached is 0, the cached tokens are billed.
        // 150 × $1 cached = 0.00015.
        var price = new ModelPrice { Input = 10m, Output = 10m, CachedInput = 1m };

        CostResult cost = CostCalculator.Compute(new TokenUsage(inputTokens: 100, outputTokens: 0, cachedInputTokens: 150), price);

        cost.Input.ShouldBe(0m);
        cost.Total.ShouldBe(0.00015m);
    }

    [Fact]
    public void WorstCaseCost_SeedPrices_IsInputPlusMaxOutput()
    {
        // 1,000 × 5 + 500 × 15 per 1M = 0.0125.
        CostCalculator.WorstCaseCost(1_000, 500, new ModelPrice { Input = 5m, Output = 15m }).ShouldBe(0.0125m);
    }

    [Fact]
    public void WorstCaseCost_ReasoningDearerThanOutput_UsesReasoningPrice()
    {
        // 1,000 × 1 + 1,000 × max(4, 8) per 1M = 0.001 + 0.008 = 0.009.
        CostCalculator.WorstCaseCost(1_000, 1_000, new ModelPrice { Input = 1m, Output = 4m, Reasoning = 8m }).ShouldBe(0.009m);
    }

    [Fact]
    public void WorstCaseCost_AnthropicCacheWriteDearerThanInput_UsesTheOneHourWritePrice()
    {
        // claude-sonnet-4-5: every prompt token could be a one-hour cache write at $6 (2 × $3 input; 5-minute: $3.75):
        // 10,000 × 6 = 0.06; 4,000 × 15 = 0.06; total 0.12.
        CostCalculator.WorstCaseCost(10_000, 4_000, Price("anthropic/claude-sonnet-4-5")).ShouldBe(0.12m);
    }

    [Fact]
    public void WorstCaseCost_PromptPastTheThreshold_UsesLongContextTier()
    {
        // gemini-2.5-pro above 200K: 300,000 × 2.50 = 0.75; 10,000 × 15 = 0.15; total 0.90.
        CostCalculator.WorstCaseCost(300_000, 10_000, Price("gemini/gemini-2.5-pro")).ShouldBe(0.90m);
    }

    [Theory]
    [InlineData("openai/gpt-5")]
    [InlineData("anthropic/claude-sonnet-4-5")]
    [InlineData("gemini/gemini-2.5-pro")]
    [InlineData("xai/grok-4")]
    [InlineData("deepseek/deepseek-reasoner")]
    public void WorstCaseCost_AnyUsageWithinTheBounds_IsNeverBelowTheActualCost(string id)
    {
        ModelPrice price = Price(id);
        long[] prompts = [1_000, 150_000, 210_000];
        foreach (long prompt in prompts)
        {
            const long maxOutput = 8_000;
            foreach (long cached in new[] { 0, prompt / 2 })
            {
                foreach (long write in new[] { 0, prompt - cached })
                {
                    foreach (long reasoning in new[] { 0, maxOutput / 2, maxOutput })
                    {
                        var usage = new TokenUsage(prompt, maxOutput, cached, write, reasoning);
                        decimal actual = CostCalculator.Compute(usage, price).Total!.Value;

                        CostCalculator.WorstCaseCost(prompt, maxOutput, price).ShouldBeGreaterThanOrEqualTo(actual, $"{id} {usage}");
                    }
                }
            }
        }
    }

    [Fact]
    public void Compute_AnthropicOneHourAndFiveMinuteWrites_EachAtItsOwnPrice()
    {
        // claude-sonnet-4-5: 1,000 uncached × $3 + 40,000 5-minute writes × $3.75 + 60,000 one-hour writes × $6 + 200 out × $15
        // = 0.003 + 0.15 + 0.36 + 0.003 = 0.516.
        var usage = new TokenUsage(101_000, 200, cacheWriteTokens: 100_000) { CacheWrite1hTokens = 60_000 };

        CostCalculator.Compute(usage, Price("anthropic/claude-sonnet-4-5")).Total.ShouldBe(0.516m);
    }

    [Fact]
    public void EffectiveCacheWrite1h_MissingPrice_IsTwiceInputWhereWritesArePriced()
    {
        new ModelPrice { Input = 3, Output = 15, CacheWrite = 3.75m }.EffectiveCacheWrite1h.ShouldBe(6m);
        new ModelPrice { Input = 2, Output = 8 }.EffectiveCacheWrite1h.ShouldBe(2m); // writes cost input (OpenAI): no dearer tier
        Price("anthropic/claude-sonnet-4-5").LongContext!.CacheWrite1h.ShouldBe(12m);
    }
}
