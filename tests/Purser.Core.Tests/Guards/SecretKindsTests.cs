using Purser.Guards;

namespace Purser.Core.Tests.Guards;

public sealed class SecretKindsTests
{
    [Fact]
    public void ToId_EveryKind_HasAUniqueSnakeCaseIdThatParsesBack()
    {
        var ids = SecretKinds.All.Select(k => k.ToId()).ToList();

        ids.Distinct().Count().ShouldBe(SecretKinds.All.Count);
        foreach (SecretKind kind in SecretKinds.All)
        {
            kind.ToId().ShouldMatch("^[a-z0-9]+(_[a-z0-9]+)*$");
            SecretKinds.TryParse(kind.ToId(), out SecretKind parsed).ShouldBeTrue();
            parsed.ShouldBe(kind);
        }
    }

    [Theory]
    [InlineData("OPENAI_API_KEY", SecretKind.OpenAIApiKey)]
    [InlineData("GitHubToken", SecretKind.GitHubToken)]
    public void TryParse_IdOrEnumName_IgnoresCase(string text, object expectedValue)
    {
        var expected = (SecretKind)expectedValue;
        SecretKinds.TryParse(text, out SecretKind kind).ShouldBeTrue();
        kind.ShouldBe(expected);
    }

    [Theory]
    [InlineData("aws_keys")]
    [InlineData("99")]
    [InlineData(null)]
    public void TryParse_Unknown_ReturnsFalse(string? text)
    {
        SecretKinds.TryParse(text, out _).ShouldBeFalse();
    }
}
