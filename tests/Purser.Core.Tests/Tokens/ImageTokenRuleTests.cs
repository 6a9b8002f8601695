using Purser.Chat;
using Purser.Tokens;

namespace Purser.Core.Tests.Tokens;

public sealed class ImageTokenRuleTests
{
    [Theory]
    [InlineData(1024, 1024, 4)] // OpenAI guide: 765 tokens at high detail
    [InlineData(2048, 4096, 6)] // OpenAI guide: 1105 tokens (1024 × 2048, then 768 × 1536)
    [InlineData(512, 512, 1)]
    [InlineData(100, 3000, 4)]  // fits to 68 × 2048; shortest side already under 768
    public void OpenAITileCount_Size_FollowsTheScalingSteps(int width, int height, int tiles) =>
        ImageTokenRule.OpenAITileCount(width, height).ShouldBe(tiles);

    [Theory]
    [InlineData(1024, 1024, 1024)] // OpenAI guide: 32 × 32 patches
    [InlineData(1800, 2400, 1452)] // OpenAI guide: shrunk to 33 × 44 patches
    [InlineData(100, 100, 16)]
    public void PatchCount_Size_MatchesOpenAIWorkedExamples(int width, int height, int patches) =>
        ImageTokenRule.PatchCount(width, height).ShouldBe(patches);

    [Theory]
    [InlineData(200, 200, 54)]     // Anthropic docs: ~54 tokens
    [InlineData(1000, 1000, 1334)] // ~1334
    [InlineData(1092, 1092, 1590)] // ~1590
    [InlineData(4000, 3000, 1600)] // resized; capped at the documented ceiling
    public void AnthropicTokens_Size_IsAreaOver750(int width, int height, long tokens) =>
        ImageTokenRule.AnthropicTokens(width, height).ShouldBe(tokens);

    [Theory]
    [InlineData(384, 384, 258)]
    [InlineData(1024, 1024, 1032)]
    [InlineData(800, 300, 516)]
    public void GeminiTokens_Size_Is258PerTile(int width, int height, long tokens) =>
        ImageTokenRule.GeminiTokens(width, height).ShouldBe(tokens);

    [Fact]
    public void Estimate_UnknownSize_UsesWorstCase()
    {
        var url = ImagePart.FromUrl("https://example.invalid/cat.png");

        ImageTokenRule.OpenAITiles.Estimate(url).ShouldBe(85 + (170 * 8));
        ImageTokenRule.OpenAITilesMini.Estimate(url).ShouldBe(2833 + (5667 * 8));
        ImageTokenRule.ForOpenAIModel("gpt-4.1-mini").Estimate(url).ShouldBe((long)Math.Ceiling(1536 * 1.62));
        ImageTokenRule.Anthropic.Estimate(url).ShouldBe(1600);
        ImageTokenRule.Gemini.Estimate(url).ShouldBe(5 * 258);
    }

    [Fact]
    public void Estimate_InlinePngAndLowDetail_UsesSizeOrBase()
    {
        ImagePart png = TestImages.Png(1024, 1024);
        var low = ImagePart.FromUrl(png.ToUrl(), detail: "low");

        ImageTokenRule.OpenAITiles.Estimate(png).ShouldBe(765);
        ImageTokenRule.OpenAITiles.Estimate(low).ShouldBe(85);
        ImageTokenRule.Anthropic.Estimate(png).ShouldBe(1399); // ceil(1024 × 1024 / 750)
    }

    [Fact]
    public void ForOpenAIModel_Names_PickTheirBillingScheme()
    {
        ImageTokenRule.ForOpenAIModel("gpt-4o").ShouldBe(ImageTokenRule.OpenAITiles);
        ImageTokenRule.ForOpenAIModel("gpt-4o-mini-2024-07-18").ShouldBe(ImageTokenRule.OpenAITilesMini);
        ImageTokenRule.ForOpenAIModel("o4-mini").Kind.ShouldBe(ImageTokenRuleKind.OpenAIPatches);
        ImageTokenRule.ForOpenAIModel("gpt-4.1-nano").PatchMultiplier.ShouldBe(2.46);
    }
}
