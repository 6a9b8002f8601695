using Purser.Assistant.Files;
using Purser.Assistant.Hosting;
using Purser.Assistant.Questions;
using Purser.Assistant.Tests.TestSupport;

namespace Purser.Assistant.Tests.Questions;

public sealed class QuestionAnswererTests
{
    [Fact]
    public async Task Ask_WithContextFiles_GroundsThePromptInThem()
    {
        using var fixture = new AssistantFixture();
        fixture.Backend.Answer = "Foo adds one.";

        var call = await fixture.Questions().AskAsync("What does Foo do?", [SourceFile.FromText("src/foo.py", "def foo(x):\n    return x + 1\n", null)], AssistantFixture.Model, "cli", default);

        call.Text.ShouldBe("Foo adds one.");
        string prompt = fixture.Backend.Sent.Single().Request.LatestUserText();
        prompt.ShouldContain("=== src/foo.py (Python, 2 lines) ===");
        prompt.ShouldContain("2|     return x + 1");
        prompt.ShouldContain("Question: What does Foo do?");
        fixture.Backend.Sent.Single().Spec.Operation.ShouldBe("qa");
    }

    [Fact]
    public async Task Ask_WithoutContext_UsesThePromptDefault()
    {
        using var fixture = new AssistantFixture();

        await fixture.Questions().AskAsync("Why?", [], AssistantFixture.Model, "cli", default);

        fixture.Backend.Sent.Single().Request.LatestUserText().ShouldContain("(no context given)");
    }

    [Fact]
    public async Task Ask_ContextOverTheLimit_IsClippedAndLeftOutWithWarnings()
    {
        using var fixture = new AssistantFixture(new AssistantOptions { MaxContextBytes = 2000 });
        SourceFile big = SourceFile.FromText("big.py", string.Concat(Enumerable.Range(0, 200).Select(i => $"line_{i} = {i}\n")), null);
        SourceFile other = SourceFile.FromText("other.py", "x = 1\n", null);

        var call = await fixture.Questions().AskAsync("?", [big, other], AssistantFixture.Model, "cli", default);

        string prompt = fixture.Backend.Sent.Single().Request.LatestUserText();
        prompt.ShouldContain("[… the rest of this file was left out …]");
        prompt.ShouldNotContain("other.py");
        call.Warnings.ShouldContain(w => w.StartsWith("big.py was clipped"));
        call.Warnings.ShouldContain(w => w.StartsWith("other.py was left out"));
    }
}
