using Purser.Assistant.Debugging;

namespace Purser.Assistant.Tests.Debugging;

public sealed class DebugResultParserTests
{
    [Fact]
    public void Parse_GoodAnswer_ReadsEveryPart()
    {
        const string answer = """
            {"root_cause": "users table missing", "explanation": "line 4 queries it",
             "location": {"file": "app.py", "line": 4},
             "fix": {"description": "create it", "code": "CREATE TABLE users(name TEXT);"},
             "confidence": "high", "verification": ["run it"], "prevention": ["migrations"], "alternative_causes": []}
            """;

        DebugResult result = DebugResultParser.Parse(answer);

        result.RootCause.ShouldBe("users table missing");
        result.File.ShouldBe("app.py");
        result.Line.ShouldBe(4);
        result.FixCode.ShouldContain("CREATE TABLE");
        result.Confidence.ShouldBe("high");
        result.Verification.ShouldBe(["run it"]);
        result.Partial.ShouldBeFalse();
        result.Warnings.ShouldBeEmpty();
    }

    [Fact]
    public void Parse_FixAsAStringAndOddConfidence_AreAccepted()
    {
        DebugResult result = DebugResultParser.Parse("""{"root_cause": "x", "fix": "do y", "confidence": "certain"}""");

        result.FixDescription.ShouldBe("do y");
        result.Confidence.ShouldBe("low");
        result.Warnings.ShouldContain(w => w.Contains("'certain'"));
    }

    [Fact]
    public void Parse_Prose_IsPartialWithTheTextAsExplanation()
    {
        DebugResult result = DebugResultParser.Parse("The table does not exist yet; run the migration.");

        result.Partial.ShouldBeTrue();
        result.Explanation.ShouldContain("run the migration");
        result.Warnings.ShouldContain("The model did not answer in JSON.");
    }

    [Fact]
    public void Parse_Empty_IsPartial()
    {
        DebugResult result = DebugResultParser.Parse("");

        result.Partial.ShouldBeTrue();
        result.Warnings.ShouldBe(["The model's answer was empty."]);
    }
}
