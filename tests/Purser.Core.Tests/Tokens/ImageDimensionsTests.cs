using Purser.Chat;
using Purser.Tokens;

namespace Purser.Core.Tests.Tokens;

public sealed class ImageDimensionsTests
{
    [Theory]
    [InlineData("png")]
    [InlineData("gif")]
    [InlineData("jpeg")]
    [InlineData("webp")]
    public void TryRead_InlineImage_ReadsWidthAndHeight(string format)
    {
        ImagePart image = format switch
        {
            "png" => TestImages.Png(1920, 1080),
            "gif" => TestImages.Gif(1920, 1080),
            "jpeg" => TestImages.Jpeg(1920, 1080),
            _ => TestImages.WebP(1920, 1080),
        };
        ImageDimensions.TryRead(image, out int width, out int height).ShouldBeTrue(format);

        (width, height).ShouldBe((1920, 1080));
    }

    [Fact]
    public void TryRead_UrlOrGarbage_ReturnsFalse()
    {
        ImageDimensions.TryRead(ImagePart.FromUrl("https://example.invalid/a.png"), out _, out _).ShouldBeFalse();
        ImageDimensions.TryRead(TestImages.Inline("image/png", [1, 2, 3, 4, 5, 6]), out _, out _).ShouldBeFalse();
        ImageDimensions.TryRead(new ImagePart { MediaType = "image/png", Data = "%%% not base64 %%%" }, out _, out _).ShouldBeFalse();
    }
}
