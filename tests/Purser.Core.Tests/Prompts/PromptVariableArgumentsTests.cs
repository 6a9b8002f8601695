using Purser.Prompts;

namespace Purser.Core.Tests.Prompts;

public sealed class PromptVariableArgumentsTests
{
    [Fact]
    public void Parse_NameValuePairs_SplitsAtFirstEquals()
    {
        Dictionary<string, string> variables = PromptVariableArguments.Parse(["language=C#", "code=a = b == c", "empty="]);

        variables.ShouldBe(new Dictionary<string, string> { ["language"] = "C#", ["code"] = "a = b == c", ["empty"] = "" });
    }

    [Theory]
    [InlineData("novalue")]
    [InlineData("=x")]
    [InlineData("bad name=x")]
    public void Parse_Malformed_ThrowsNamingTheArgument(string argument)
    {
        Should.Throw<FormatException>(() => PromptVariableArguments.Parse([argument])).Message.ShouldContain(argument);
    }

    [Fact]
    public void Parse_SameNameTwice_Throws()
    {
        Should.Throw<FormatException>(() => PromptVariableArguments.Parse(["a=1", "a=2"])).Message.ShouldContain("'a'");
    }
}
