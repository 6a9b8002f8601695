using Purser.Prompts;

namespace Purser.Core.Tests.Prompts;

public sealed class PromptTextTests
{
    [Fact]
    public void NumberLines_TenLines_RightAlignsNumbers()
    {
        string text = string.Join("\n", Enumerable.Range(1, 10).Select(i => $"l{i}"));

        string[] numbered = PromptText.NumberLines(text).Split('\n');

        numbered[0].ShouldBe(" 1| l1");
        numbered[9].ShouldBe("10| l10");
    }

    [Fact]
    public void NumberLines_CrLfAndFinalNewline_NumbersEachLineOnce()
    {
        PromptText.NumberLines("a\r\n\r\nb\r\n").ShouldBe("1| a\n2| \n3| b");
    }

    [Fact]
    public void NumberLines_FirstLineGiven_StartsThere()
    {
        PromptText.NumberLines("x\ny", firstLine: 99).ShouldBe(" 99| x\n100| y");
    }
}
