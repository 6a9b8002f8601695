using System.Text;
using Purser.Prompts;

namespace Purser.Core.Tests.Prompts;

public sealed class PromptTemplateTests
{
    private static string Render(string template, params (string Name, string Value)[] values)
    {
        var lookup = values.ToDictionary(v => v.Name, v => v.Value);
        var output = new StringBuilder();
        PromptTemplate.Parse(template).RenderTo(output, name => lookup[name]);
        return output.ToString();
    }

    [Fact]
    public void Parse_SeveralPlaceholders_ListsDistinctVariablesInOrderOfFirstUse()
    {
        PromptTemplate template = PromptTemplate.Parse("{b} then {a_1}, {b} again, {_c}");

        template.Variables.ShouldBe(["b", "a_1", "_c"]);
    }

    [Fact]
    public void Parse_OnlyEscapedBraces_HasNoVariables()
    {
        PromptTemplate.Parse("{{\"a\": 1}}").Variables.ShouldBeEmpty();
    }

    [Fact]
    public void Render_Placeholders_InsertsValues()
    {
        Render("Language: {language}\nPath: {path}", ("language", "C#"), ("path", "src/A.cs"))
            .ShouldBe("Language: C#\nPath: src/A.cs");
    }

    [Fact]
    public void Render_DoubledBraces_AreLiteralBraces()
    {
        Render("Answer as {{\"score\": <int>, \"for\": \"{name}\"}}", ("name", "x"))
            .ShouldBe("Answer as {\"score\": <int>, \"for\": \"x\"}");
    }

    [Fact]
    public void Render_TripleBraces_AreLiteralBraceAroundValue()
    {
        Render("{{{v}}}", ("v", "1")).ShouldBe("{1}");
    }

    [Fact]
    public void Render_ValueWithBracesAndPlaceholderText_IsInsertedVerbatim()
    {
        Render("<code>\n{code}\n</code>", ("code", "if (x) { return {other}; } }}"))
            .ShouldBe("<code>\nif (x) { return {other}; } }}\n</code>");
    }

    [Fact]
    public void Parse_LoneOpeningBrace_ThrowsWithLineColumnAndEscapeHint()
    {
        var ex = Should.Throw<FormatException>(() => PromptTemplate.Parse("first line\nAnswer as {\"score\": 1}"));

        ex.Message.ShouldContain("line 2, column 11");
        ex.Message.ShouldContain("'{{'");
    }

    [Fact]
    public void Parse_LoneClosingBrace_ThrowsWithEscapeHint()
    {
        var ex = Should.Throw<FormatException>(() => PromptTemplate.Parse("a } b"));

        ex.Message.ShouldContain("line 1, column 3");
        ex.Message.ShouldContain("'}}'");
    }

    [Theory]
    [InlineData("{unclosed")]
    [InlineData("{two words}")]
    [InlineData("{}")]
    [InlineData("{1st}")]
    [InlineData("{a-b}")]
    public void Parse_BraceWithoutVariableName_Throws(string text)
    {
        Should.Throw<FormatException>(() => PromptTemplate.Parse(text));
    }
}
