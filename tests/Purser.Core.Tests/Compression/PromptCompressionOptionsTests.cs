using Microsoft.Extensions.Configuration;
using Purser.Compression;

namespace Purser.Core.Tests.Compression;

public sealed class PromptCompressionOptionsTests
{
    [Theory]
    [InlineData("on", null, true)]
    [InlineData("ON ", "chat", true)]
    [InlineData("off", "code_review", false)]
    [InlineData(null, "code_review", true)]
    [InlineData(null, "chat", false)]
    [InlineData(null, null, false)]
    [InlineData("maybe", "CODE_REVIEW", true)]
    public void IsEnabledFor_HeaderWinsThenOperation(string? header, string? operation, bool expected)
    {
        var options = new PromptCompressionOptions { Operations = ["code_review"] };

        options.IsEnabledFor(header, operation).ShouldBe(expected);
    }

    [Fact]
    public void IsEnabledFor_GloballyEnabled_OnUnlessHeaderSaysOff()
    {
        var options = new PromptCompressionOptions { Enabled = true };

        options.IsEnabledFor(null, "chat").ShouldBeTrue();
        options.IsEnabledFor("off", "chat").ShouldBeFalse();
    }

    [Fact]
    public void Bind_FromConfiguration_ReadsEveryKey()
    {
        IConfiguration config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Purser:Compression:Enabled"] = "true",
            ["Purser:Compression:Operations:0"] = "file_scoring",
            ["Purser:Compression:StripMarkdown"] = "false",
            ["Purser:Compression:MinRepeatedLines"] = "4",
            ["Purser:Compression:MinRepeatedParagraphChars"] = "300",
        }).Build();

        PromptCompressionOptions options = config.GetSection(PromptCompressionOptions.SectionName).Get<PromptCompressionOptions>()!;

        options.Enabled.ShouldBeTrue();
        options.Operations.ShouldBe(["file_scoring"]);
        options.StripMarkdown.ShouldBeFalse();
        options.CollapseWhitespace.ShouldBeTrue();
        options.MinRepeatedLines.ShouldBe(4);
        options.MinRepeatedParagraphChars.ShouldBe(300);
        options.Validate().ShouldBeEmpty();
    }

    [Fact]
    public void Validate_BadValues_NameTheirKeys()
    {
        var options = new PromptCompressionOptions { MinRepeatedLines = 1, MinRepeatedParagraphChars = 10, Operations = [" "] };

        options.Validate().Select(e => e.Split(':')[2]).ShouldBe(["MinRepeatedLines", "MinRepeatedParagraphChars", "Operations"]);
    }
}
