using System.Text.Json.Nodes;
using Purser.Providers.Gemini;
using Purser.Providers.Json;

namespace Purser.Providers.Tests.Gemini;

public sealed class GeminiSchemaTests
{
    private static string Convert(string schema, bool orderProperties = false) =>
        GeminiSchema.Convert(JsonNode.Parse(schema)!, "tools[0].parameters", orderProperties).ToJsonString();

    [Fact]
    public void Convert_LocalRefs_AreInlinedWithSiblingDescription()
    {
        string result = Convert("""
            {"type":"object","$defs":{"Point":{"type":"object","properties":{"x":{"type":"number"},"y":{"type":"number"}},"required":["x","y"]}},
             "properties":{"from":{"$ref":"#/$defs/Point","description":"start"},"to":{"$ref":"#/definitions/Point"}},
             "definitions":{"Point":{"type":"object","properties":{"x":{"type":"number"}}}}}
            """);

        result.ShouldBe(
            """{"type":"OBJECT","properties":{"from":{"type":"OBJECT","properties":{"x":{"type":"NUMBER"},"y":{"type":"NUMBER"}},"required":["x","y"],"description":"start"},"to":{"type":"OBJECT","properties":{"x":{"type":"NUMBER"}}}}}""");
    }

    [Fact]
    public void Convert_RecursiveRef_Throws()
    {
        var ex = Should.Throw<InvalidRequestException>(() => Convert("""
            {"type":"object","properties":{"root":{"$ref":"#/$defs/Node"}},
             "$defs":{"Node":{"type":"object","properties":{"children":{"type":"array","items":{"$ref":"#/$defs/Node"}}}}}}
            """));

        ex.Message.ShouldContain("recursive");
        ex.Param.ShouldBe("tools[0].parameters");
    }

    [Fact]
    public void Convert_ExternalRef_Throws()
    {
        Should.Throw<InvalidRequestException>(() => Convert("""{"type":"object","properties":{"a":{"$ref":"https://example.com/a.json"}}}"""))
            .Message.ShouldContain("only local references");
    }

    [Theory]
    [InlineData("""{"type":["string","null"]}""", """{"type":"STRING","nullable":true}""")]
    [InlineData("""{"anyOf":[{"type":"integer"},{"type":"null"}],"description":"n"}""", """{"description":"n","type":"INTEGER","nullable":true}""")]
    [InlineData("""{"oneOf":[{"type":"integer"},{"type":"string"}]}""", """{"anyOf":[{"type":"INTEGER"},{"type":"STRING"}]}""")]
    [InlineData("""{"type":["integer","string"]}""", """{"anyOf":[{"type":"INTEGER"},{"type":"STRING"}]}""")]
    [InlineData("""{"enum":["a","b",null]}""", """{"enum":["a","b"],"format":"enum","type":"STRING","nullable":true}""")]
    [InlineData("""{"const":"fixed"}""", """{"enum":["fixed"],"format":"enum","type":"STRING"}""")]
    [InlineData("""{"type":"integer","enum":[1,2,3],"description":"Level"}""", """{"description":"Level (Allowed values: 1, 2, 3.)","type":"INTEGER"}""")]
    [InlineData("""{"type":"string","format":"uuid","pattern":"^[a-f0-9-]+$","minLength":36}""", """{"type":"STRING"}""")]
    [InlineData("""{"type":"string","format":"date-time"}""", """{"type":"STRING","format":"date-time"}""")]
    [InlineData("""{"type":"integer","minimum":1,"maximum":10,"exclusiveMaximum":11,"multipleOf":1}""", """{"type":"INTEGER","minimum":1,"maximum":10}""")]
    [InlineData("""{"type":"array","items":{"type":"string"},"minItems":1,"maxItems":3,"uniqueItems":true}""", """{"type":"ARRAY","items":{"type":"STRING"},"minItems":1,"maxItems":3}""")]
    public void Convert_JsonSchemaKeywords_BecomeGeminiSubset(string schema, string expected)
    {
        Convert(schema).ShouldBe(expected);
    }

    [Fact]
    public void Convert_DropsKeywordsGeminiRejects()
    {
        Convert("""
            {"$schema":"http://json-schema.org/draft-07/schema#","$id":"x","title":"Args","type":"object","additionalProperties":false,"strict":true,
             "properties":{"a":{"type":"string","default":"z","examples":["q"]}},"required":["a","missing"]}
            """).ShouldBe("""{"type":"OBJECT","properties":{"a":{"type":"STRING"}},"required":["a"]}""");
    }

    [Fact]
    public void Convert_AllOf_MergesPropertiesAndRequired()
    {
        Convert("""
            {"allOf":[{"type":"object","properties":{"a":{"type":"string"}},"required":["a"]},{"properties":{"b":{"type":"boolean"}},"required":["b"]}]}
            """).ShouldBe("""{"type":"OBJECT","properties":{"a":{"type":"STRING"},"b":{"type":"BOOLEAN"}},"required":["a","b"]}""");
    }

    [Fact]
    public void Convert_TypeMissing_IsInferred()
    {
        Convert("""{"properties":{"list":{"items":{"type":"number"}}}}""")
            .ShouldBe("""{"properties":{"list":{"items":{"type":"NUMBER"},"type":"ARRAY"}},"type":"OBJECT"}""");
    }

    [Fact]
    public void Convert_Tuple_Throws()
    {
        Should.Throw<InvalidRequestException>(() => Convert("""{"type":"array","prefixItems":[{"type":"string"},{"type":"number"}]}"""))
            .Message.ShouldContain("tuple");
    }

    [Fact]
    public void Convert_OrderProperties_AddsPropertyOrderingInDeclarationOrder()
    {
        Convert("""{"type":"object","properties":{"z":{"type":"string"},"a":{"type":"string"}}}""", orderProperties: true)
            .ShouldBe("""{"type":"OBJECT","properties":{"z":{"type":"STRING"},"a":{"type":"STRING"}},"propertyOrdering":["z","a"]}""");
    }
}
