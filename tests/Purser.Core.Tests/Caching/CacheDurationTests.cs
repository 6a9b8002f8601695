using Purser.Caching;

namespace Purser.Core.Tests.Caching;

public sealed class CacheDurationTests
{
    [Theory]
    [InlineData("90d", 90 * 24 * 3600)]
    [InlineData("24h", 24 * 3600)]
    [InlineData("30m", 1800)]
    [InlineData("45s", 45)]
    [InlineData("3600", 3600)]
    [InlineData("0", 0)]
    [InlineData(" 7D ", 7 * 24 * 3600)]
    [InlineData("1.02:00:00", 26 * 3600)]
    public void TryParse_CommonForms_Parse(string text, long seconds)
    {
        CacheDuration.TryParse(text, out TimeSpan duration).ShouldBeTrue();
        duration.ShouldBe(TimeSpan.FromSeconds(seconds));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("-5")]
    [InlineData("5w")]
    [InlineData("1.5h")]
    [InlineData("99999999999999999d")]
    public void TryParse_Nonsense_Fails(string? text)
    {
        CacheDuration.TryParse(text, out _).ShouldBeFalse();
    }

    [Theory]
    [InlineData("7d")]
    [InlineData("25h")]
    [InlineData("90m")]
    [InlineData("45s")]
    public void Format_UsesTheLargestWholeUnitAndParsesBack(string text)
    {
        CacheDuration.TryParse(text, out TimeSpan duration).ShouldBeTrue();
        CacheDuration.Format(duration).ShouldBe(text);
    }

    [Fact]
    public void Format_WholeDays_AreDays()
    {
        CacheDuration.Format(TimeSpan.FromHours(24)).ShouldBe("1d");
    }
}
