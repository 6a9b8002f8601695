using Purser.Pricing;

namespace Purser.Core.Tests.Pricing;

public sealed class ModelNamesTests
{
    [Theory]
    [InlineData("claude-sonnet-4-5-20250929", "claude-sonnet-4-5")]
    [InlineData("gpt-4o-2024-08-06", "gpt-4o")]
    [InlineData("mistral-large-2411", null)]
    [InlineData("grok-4-0709", null)]
    [InlineData("gpt-4o", null)]
    public void StripDateSuffix_Name_DropsOnlyFullDates(string name, string? expected)
    {
        ModelNames.StripDateSuffix(name).ShouldBe(expected);
    }

    [Fact]
    public void Variants_OpenRouterDottedDatedName_IncludesCatalogSpelling()
    {
        ModelNames.Variants("claude-3.5-sonnet-20241022").ShouldContain("claude-3-5-sonnet");
    }

    [Fact]
    public void Variants_OllamaTag_DropsLatestTag()
    {
        ModelNames.Variants("llama3:latest").First().ShouldBe("llama3");
    }

    [Theory]
    [InlineData("x-ai", "xai")]
    [InlineData("google", "gemini")]
    [InlineData("mistralai", "mistral")]
    [InlineData("anthropic", "anthropic")]
    public void CanonicalProvider_VendorPrefix_MapsToCatalogProvider(string vendor, string expected)
    {
        ModelNames.CanonicalProvider(vendor).ShouldBe(expected);
    }
}
