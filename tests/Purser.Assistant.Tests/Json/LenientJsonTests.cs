using System.Text.Json.Nodes;
using Purser.Assistant.Json;

namespace Purser.Assistant.Tests.Json;

public sealed class LenientJsonTests
{
    [Fact]
    public void Parse_ValidObject_IsStrictWithNoWarning()
    {
        LenientJsonResult result = LenientJson.Parse("""  {"overall": 80, "summary": "fine"}  """);

        result.Form.ShouldBe(JsonAnswerForm.Strict);
        result.Object!["overall"]!.GetValue<int>().ShouldBe(80);
        result.Warning.ShouldBeNull();
    }

    [Fact]
    public void Parse_FencedJsonWithProseAround_TakesTheFence()
    {
        LenientJsonResult result = LenientJson.Parse("Here is my analysis:\n```json\n{\"overall\": 71}\n```\nHope it helps!");

        result.Form.ShouldBe(JsonAnswerForm.Fenced);
        result.Object!["overall"]!.GetValue<int>().ShouldBe(71);
    }

    [Fact]
    public void Parse_ObjectInsideText_IsExtracted()
    {
        LenientJsonResult result = LenientJson.Parse("Sure! {\"a\": {\"b\": \"}\"}} That is all.");

        result.Form.ShouldBe(JsonAnswerForm.Extracted);
        result.Object!["a"]!["b"]!.GetValue<string>().ShouldBe("}");
    }

    [Fact]
    public void Parse_CommonModelMistakes_AreRepairedAndNamed()
    {
        const string answer = """
            {
              // the scores
              overall: 65,
              'summary': 'It\'s fine',
              "ok": True,
              "none": None
              "issues": [{"line": 3, "message": "x",},],
            }
            """;

        LenientJsonResult result = LenientJson.Parse(answer);

        result.Form.ShouldBe(JsonAnswerForm.Repaired);
        JsonObject o = result.Object!;
        o["overall"]!.GetValue<long>().ShouldBe(65);
        o["summary"]!.GetValue<string>().ShouldBe("It's fine");
        o["ok"]!.GetValue<bool>().ShouldBeTrue();
        o.ContainsKey("none").ShouldBeTrue();
        o["none"].ShouldBeNull();
        o["issues"]!.AsArray().Count.ShouldBe(1);
        result.Repairs.ShouldContain("comments");
        result.Repairs.ShouldContain("unquoted keys");
        result.Repairs.ShouldContain("single-quoted strings");
        result.Repairs.ShouldContain("Python literals");
        result.Repairs.ShouldContain("missing commas");
        result.Truncated.ShouldBeFalse();
        result.Warning!.ShouldContain("repaired");
    }

    [Fact]
    public void Parse_CutOffInsideAString_KeepsWhatArrivedAndSaysSo()
    {
        LenientJsonResult result = LenientJson.Parse("""{"overall": 70, "security": 55, "summary": "The file reads user in""");

        result.Truncated.ShouldBeTrue();
        result.Object!["overall"]!.GetValue<long>().ShouldBe(70);
        result.Object!["summary"]!.GetValue<string>().ShouldBe("The file reads user in");
        result.Warning!.ShouldContain("cut off");
    }

    [Fact]
    public void Parse_CutOffInsideANumber_DropsTheIncompleteNumber()
    {
        LenientJsonResult result = LenientJson.Parse("""{"overall": 70, "security": 8""");

        result.Truncated.ShouldBeTrue();
        result.Object!["overall"]!.GetValue<long>().ShouldBe(70);
        result.Object!.ContainsKey("security").ShouldBeFalse();
    }

    [Fact]
    public void Parse_CutOffInsideAnArrayOfObjects_ClosesEverything()
    {
        LenientJsonResult result = LenientJson.Parse("""{"issues": [{"line": 1, "message": "a"}, {"line": 2, "mess""");

        result.Truncated.ShouldBeTrue();
        JsonArray issues = result.Object!["issues"]!.AsArray();
        issues.Count.ShouldBe(2);
        issues[0]!["message"]!.GetValue<string>().ShouldBe("a");
    }

    [Fact]
    public void Parse_CutOffFenceWithoutClosingBackticks_StillRepairs()
    {
        LenientJsonResult result = LenientJson.Parse("```json\n{\"overall\": 90, \"summary\": \"ok\"");

        result.Object!["overall"]!.GetValue<long>().ShouldBe(90);
        result.Truncated.ShouldBeTrue();
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n ")]
    [InlineData(null)]
    public void Parse_EmptyAnswer_FailsWithAMessage(string? answer)
    {
        LenientJsonResult result = LenientJson.Parse(answer);

        result.Succeeded.ShouldBeFalse();
        result.Failure!.ShouldContain("empty");
    }

    [Fact]
    public void Parse_Prose_FailsWithAMessage()
    {
        LenientJsonResult result = LenientJson.Parse("The code looks good to me overall, with a few issues.");

        result.Succeeded.ShouldBeFalse();
        result.Failure!.ShouldContain("JSON");
    }

    [Fact]
    public void Parse_DeepNesting_DoesNotOverflowTheStack()
    {
        string hostile = "{\"a\":" + new string('[', 100_000);

        LenientJsonResult result = LenientJson.Parse(hostile);

        result.Object.ShouldNotBeNull();
    }

    [Fact]
    public void Parse_RandomBytes_NeverThrows()
    {
        var random = new Random(42);
        const string alphabet = "{}[]\":,'`/*\\ntfu0123456789.-+eE ";
        for (int i = 0; i < 2000; i++)
        {
            char[] text = new char[random.Next(0, 80)];
            for (int j = 0; j < text.Length; j++)
            {
                text[j] = alphabet[random.Next(alphabet.Length)];
            }

            Should.NotThrow(() => LenientJson.Parse(new string(text)));
        }
    }
}
