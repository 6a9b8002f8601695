using Purser.Tokens;

namespace Purser.Core.Tests.Tokens;

public sealed class TokenizersTests
{
    [Theory]
    [InlineData("gpt-4o")]
    [InlineData("gpt-4o-mini-2024-07-18")]
    [InlineData("openai/gpt-4o-2024-08-06")]
    [InlineData("azure/gpt-4o")]
    [InlineData("openrouter/openai/gpt-4.1-mini")]
    [InlineData("ft:gpt-4o-mini-2024-07-18:acme::abc123")]
    [InlineData("chatgpt-4o-latest")]
    [InlineData("gpt-4.1")]
    [InlineData("gpt-4.5-preview")]
    [InlineData("o1")]
    [InlineData("o1-pro-2025-03-19")]
    [InlineData("o3-mini")]
    [InlineData("o4-mini-2025-04-16")]
    [InlineData("gpt-5")]
    [InlineData("gpt-5.1")]
    [InlineData("GPT-5-Nano")]
    [InlineData("gpt-oss-120b")]
    public void ForModel_O200kModel_ReturnsExactO200k(string model)
    {
        ITokenCounter counter = Tokenizers.ForModel(model);

        counter.ShouldBeSameAs(BpeEncoding.O200kBase);
        counter.IsExact.ShouldBeTrue();
        Tokenizers.EncodingForModel(model).ShouldBeSameAs(BpeEncoding.O200kBase);
    }

    [Theory]
    [InlineData("gpt-4")]
    [InlineData("gpt-4-0613")]
    [InlineData("gpt-4-turbo-2024-04-09")]
    [InlineData("gpt-4-32k")]
    [InlineData("gpt-3.5-turbo")]
    [InlineData("gpt-3.5-turbo-0125")]
    [InlineData("azure/gpt-35-turbo")]
    [InlineData("text-embedding-3-small")]
    [InlineData("openai/text-embedding-3-large")]
    [InlineData("text-embedding-ada-002")]
    public void ForModel_Cl100kModel_ReturnsExactCl100k(string model)
    {
        Tokenizers.ForModel(model).ShouldBeSameAs(BpeEncoding.Cl100kBase);
    }

    [Theory]
    [InlineData("claude-3-5-sonnet-20240620", "claude", 1.25)]
    [InlineData("anthropic/claude-sonnet-4-5", "claude", 1.25)]
    [InlineData("claude-sonnet-4-20250514", "claude", 1.25)]
    [InlineData("anthropic.claude-3-haiku-20240307-v1:0", "claude", 1.25)]
    [InlineData("claude-opus-4-6", "claude", 1.25)]
    [InlineData("claude-opus-4-7", "claude-4.7+", 1.70)]
    [InlineData("us.anthropic.claude-opus-4-7-v1:0", "claude-4.7+", 1.70)]
    [InlineData("openrouter/anthropic/claude-4.7-opus-fast-20260512", "claude-4.7+", 1.70)]
    [InlineData("claude-opus-5", "claude-4.7+", 1.70)]
    [InlineData("gemini-2.5-pro", "gemini", 1.15)]
    [InlineData("models/gemini-1.5-flash-002", "gemini", 1.15)]
    [InlineData("gemma-3-27b-it", "gemini", 1.15)]
    [InlineData("grok-4", "grok", 1.15)]
    [InlineData("meta-llama/Llama-3.1-8B-Instruct", "llama", 1.15)]
    [InlineData("mistral-large-latest", "mistral", 1.15)]
    [InlineData("codestral-2501", "mistral", 1.15)]
    [InlineData("deepseek-chat", "deepseek", 1.15)]
    [InlineData("qwen2.5-coder-32b-instruct", "qwen", 1.15)]
    [InlineData("gpt-7-turbo", "openai", 1.00)]
    [InlineData("o9-mini", "openai", 1.00)]
    [InlineData("some-inhouse-model", "unknown", 1.25)]
    [InlineData("", "unknown", 1.25)]
    public void ForModel_NonOpenAIModel_ReturnsLabelledEstimate(string model, string family, double factor)
    {
        ITokenCounter counter = Tokenizers.ForModel(model);

        counter.IsExact.ShouldBeFalse();
        var estimate = counter.ShouldBeOfType<EstimatingTokenCounter>();
        estimate.Family.ShouldBe(family);
        estimate.Factor.ShouldBe(factor);
        Tokenizers.EncodingForModel(model).ShouldBeNull();
    }

    [Fact]
    public void ForModel_Estimate_ScalesO200kCountAndRoundsUp()
    {
        const string Text = "The quick brown fox jumps over the lazy dog.";
        int exact = BpeEncoding.O200kBase.CountTokens(Text);

        TokenCount count = Tokenizers.ForModel("claude-3-5-sonnet-20240620").Count(Text);

        count.Tokens.ShouldBe((long)Math.Ceiling(exact * 1.25));
        count.Tokens.ShouldBeGreaterThan(exact);
        count.IsExact.ShouldBeFalse();
        count.Method.ShouldBe("estimate:claude(o200k_base*1.25)");
    }

    [Theory]
    [InlineData("openai/GPT-4o ", "gpt-4o")]
    [InlineData("ft:gpt-4o-mini-2024-07-18:acme:custom:abc123", "gpt-4o-mini-2024-07-18")]
    [InlineData("vertex_ai/gemini-2.0-flash", "gemini-2.0-flash")]
    public void Normalize_DecoratedName_YieldsBareLowercaseModel(string model, string expected) =>
        Tokenizers.Normalize(model).ShouldBe(expected);

    [Theory]
    [InlineData("claude-3-5-sonnet-20240620", false)]
    [InlineData("claude-3.7-sonnet", false)]
    [InlineData("claude-haiku-4-5-20251001", false)]
    [InlineData("claude-opus-4-1", false)]
    [InlineData("claude-opus-4-7", true)]
    [InlineData("claude-sonnet-4-8", true)]
    [InlineData("claude-5-haiku", true)]
    [InlineData("claude-latest", true)]
    public void UsesNewClaudeTokenizer_VersionedName_ComparesAgainst4Point7(string model, bool expected) =>
        Tokenizers.UsesNewClaudeTokenizer(model).ShouldBe(expected);
}
