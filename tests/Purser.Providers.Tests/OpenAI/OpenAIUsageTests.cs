using System.Text.Json;
using Purser.Providers.OpenAI;
using Purser.Usage;

namespace Purser.Providers.Tests.OpenAI;

/// <summary>Reasoning tokens inside completion_tokens (OpenAI) or apart from them (xAI), decided by total_tokens, else the dialect.</summary>
public sealed class OpenAIUsageTests
{
    private static TokenUsage Read(string json, OpenAIUsageDialect dialect = OpenAIUsageDialect.Standard)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        return OpenAIUsage.Read(document.RootElement, dialect);
    }

    [Fact]
    public void Read_OpenAIReasoningInsideCompletion_IsPartOfTheOutput()
    {
        TokenUsage usage = Read("""{"prompt_tokens":1000,"completion_tokens":550,"total_tokens":1550,"completion_tokens_details":{"reasoning_tokens":500}}""");

        (usage.OutputTokens, usage.ReasoningTokens).ShouldBe((550, 500));
    }

    [Fact]
    public void Read_TotalSaysReasoningIsApart_AddsItToTheOutputWhateverTheDialect()
    {
        // xAI: total = prompt + completion + reasoning (docs.x.ai, consumption and rate limits).
        TokenUsage usage = Read("""{"prompt_tokens":1000,"completion_tokens":50,"total_tokens":1550,"completion_tokens_details":{"reasoning_tokens":500}}""");

        (usage.OutputTokens, usage.ReasoningTokens).ShouldBe((550, 500));
    }

    [Theory]
    [InlineData(OpenAIUsageDialect.ReasoningApart, 550)]
    [InlineData(OpenAIUsageDialect.Standard, 50)]
    public void Read_NoTotal_TheDialectDecides(object dialectValue, long output)
    {
        var dialect = (OpenAIUsageDialect)dialectValue;
        TokenUsage usage = Read("""{"prompt_tokens":1000,"completion_tokens":50,"completion_tokens_details":{"reasoning_tokens":500}}""", dialect);

        usage.OutputTokens.ShouldBe(output);
        usage.ReasoningTokens.ShouldBe(Math.Min(500, output));
    }

    [Theory]
    [InlineData("xai", "https://api.x.ai/v1", OpenAIUsageDialect.ReasoningApart)]
    [InlineData("grok", "http://127.0.0.1:9/v1", OpenAIUsageDialect.ReasoningApart)]
    [InlineData("my-proxy", "https://api.x.ai/v1", OpenAIUsageDialect.ReasoningApart)]
    [InlineData("openai", "https://api.openai.com/v1", OpenAIUsageDialect.Standard)]
    [InlineData("deepseek", "https://api.deepseek.com/v1", OpenAIUsageDialect.Standard)]
    public void DialectOf_ProviderNameOrHost(string name, string url, object expectedValue)
    {
        var expected = (OpenAIUsageDialect)expectedValue;
        OpenAIProvider.DialectOf(name, new Uri(url)).ShouldBe(expected);
    }
}
