using Purser.Assistant.Debugging;
using Purser.Assistant.Files;
using Purser.Assistant.Hosting;
using Purser.Assistant.Tests.TestSupport;

namespace Purser.Assistant.Tests.Debugging;

public sealed class ErrorDebuggerTests
{
    [Fact]
    public async Task Debug_SendsCodeAndLogAndParsesTheAnswer()
    {
        using var fixture = new AssistantFixture();
        fixture.Backend.Answer = """{"root_cause": "x is None", "confidence": "medium", "fix": {"description": "check it"}}""";

        DebugOutcome outcome = await fixture.Debugger().DebugAsync(SourceFile.FromText("app.py", "x = None\nx.y\n", null), "AttributeError: 'NoneType' object has no attribute 'y'", AssistantFixture.Model, "cli", default);

        outcome.Result!.RootCause.ShouldBe("x is None");
        var (request, spec) = fixture.Backend.Sent.Single();
        spec.Operation.ShouldBe("debugging");
        request.LatestUserText().ShouldContain("2| x.y");
        request.LatestUserText().ShouldContain("AttributeError");
    }

    [Fact]
    public async Task Debug_LongLog_KeepsItsEndAndWarns()
    {
        using var fixture = new AssistantFixture(new AssistantOptions { MaxErrorLogBytes = 200 });
        fixture.Backend.Answer = """{"root_cause": "r"}""";
        string log = string.Concat(Enumerable.Range(0, 100).Select(i => $"noise line {i}\n")) + "FATAL: the real error\n";

        DebugOutcome outcome = await fixture.Debugger().DebugAsync(SourceFile.FromText("a.py", "pass\n", null), log, AssistantFixture.Model, "cli", default);

        string sent = fixture.Backend.Sent.Single().Request.LatestUserText();
        sent.ShouldContain("FATAL: the real error");
        sent.ShouldNotContain("noise line 1\n");
        outcome.Result!.Warnings.ShouldContain(w => w.Contains("MaxErrorLogBytes"));
    }

    [Fact]
    public async Task Debug_EmptyLog_IsRefused()
    {
        using var fixture = new AssistantFixture();

        DebugOutcome outcome = await fixture.Debugger().DebugAsync(SourceFile.FromText("a.py", "pass\n", null), "  \n", AssistantFixture.Model, "cli", default);

        outcome.Refusal!.Code.ShouldBe("empty_error_log");
        fixture.Backend.Calls.ShouldBe(0);
    }
}
