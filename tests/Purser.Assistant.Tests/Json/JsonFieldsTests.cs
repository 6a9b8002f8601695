using System.Text.Json.Nodes;
using Purser.Assistant.Json;

namespace Purser.Assistant.Tests.Json;

public sealed class JsonFieldsTests
{
    [Theory]
    [InlineData("85", 85)]
    [InlineData("\"85\"", 85)]
    [InlineData("\"85/100\"", 85)]
    [InlineData("\"8.5/10\"", 85)]
    [InlineData("\"72%\"", 72)]
    [InlineData("85.4", 85.4)]
    public void Number_ReadsWhatModelsWrite(string json, double expected)
    {
        JsonFields.Number(JsonNode.Parse(json))!.Value.ShouldBe(expected, 0.0001);
    }

    [Theory]
    [InlineData("\"high\"")]
    [InlineData("true")]
    [InlineData("[1]")]
    public void Number_NotANumber_IsNull(string json)
    {
        JsonFields.Number(JsonNode.Parse(json)).ShouldBeNull();
    }

    [Theory]
    [InlineData("12", 12)]
    [InlineData("\"12\"", 12)]
    [InlineData("\"12-14\"", 12)]
    [InlineData("\"L12\"", 12)]
    [InlineData("\"line 7\"", 7)]
    public void Line_ReadsTheFirstLine(string json, int expected)
    {
        JsonFields.Line(JsonNode.Parse(json)).ShouldBe(expected);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("\"n/a\"")]
    [InlineData("null")]
    public void Line_NoLine_IsNull(string json)
    {
        JsonFields.Line(JsonNode.Parse(json)).ShouldBeNull();
    }

    [Theory]
    [InlineData("critical", "error")]
    [InlineData("HIGH", "error")]
    [InlineData("medium", "warning")]
    [InlineData("low", "note")]
    [InlineData("info", "note")]
    [InlineData("whatever", "warning")]
    public void Severity_MapsToSarifLevels(string given, string expected)
    {
        JsonFields.Severity(JsonValue.Create(given)).ShouldBe(expected);
    }

    [Fact]
    public void Get_MatchesSnakeAndCamelCase()
    {
        var obj = new JsonObject { ["rootCause"] = "x" };

        JsonFields.Text(JsonFields.Get(obj, "root_cause")).ShouldBe("x");
    }

    [Fact]
    public void TextList_AcceptsStringsObjectsAndASingleString()
    {
        JsonFields.TextList(JsonNode.Parse("""["a", {"text": "b"}, {"suggestion": "c"}, "", 3]""")).ShouldBe(["a", "b", "c", "3"]);
        JsonFields.TextList(JsonValue.Create("only")).ShouldBe(["only"]);
    }
}
