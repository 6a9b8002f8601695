using System.Text.Json.Nodes;
using Purser.Chat;
using Purser.Configuration;
using Purser.Dispatch;
using Purser.Providers.Simulated;
using Purser.Routing;
using Purser.Tokens;

namespace Purser.Providers.Tests.Simulated;

public sealed class SimulatedJsonAnswerTests
{
    private const string Shape = """
        Respond with exactly one JSON object. Use this shape:
        {
          "overall": <integer 0-100>,
          "summary": "<two or three sentences>",
          "category": "<category>",
          "issues": [
            {"file": "<path of the file>", "line": <integer, optional>, "severity": "error" | "warning" | "note", "message": "<what is wrong>"}
          ],
          "location": {"file": "<file name>", "line": <integer or null>},
          "suggestions": ["<one concrete improvement>"]
        }
        """;

    [Fact]
    public async Task JsonMode_FillsTheShapeOfTheSystemPromptDeterministically()
    {
        SimulatedProvider provider = Create();

        string first = (await provider.CompleteAsync(Request(Shape, "File: src/app.py\n 1| a\n 2| b\n 3| c"), default)).Response!.Text;
        string again = (await provider.CompleteAsync(Request(Shape, "File: src/app.py\n 1| a\n 2| b\n 3| c"), default)).Response!.Text;

        first.ShouldBe(again);
        JsonObject answer = JsonNode.Parse(first)!.AsObject();
        answer["overall"]!.GetValue<int>().ShouldBeInRange(40, 95);
        answer["summary"]!.GetValue<string>().ShouldStartWith("Simulated");
        answer["category"]!.GetValue<string>().ShouldBe("simulated");
        JsonNode issue = answer["issues"]![0]!;
        issue["file"]!.GetValue<string>().ShouldBe("src/app.py");
        issue["line"]!.GetValue<int>().ShouldBeInRange(1, 3);
        new[] { "error", "warning", "note" }.ShouldContain(issue["severity"]!.GetValue<string>());
        answer["location"]!["file"]!.GetValue<string>().ShouldBe("src/app.py");
        answer["suggestions"]!.AsArray().Count.ShouldBe(1);
    }

    [Fact]
    public async Task JsonMode_DiffHeadersNameTheFiles()
    {
        SimulatedProvider provider = Create();

        string text = (await provider.CompleteAsync(Request(Shape, "File: 2 files: a.py, b.py\n+++ b/a.py\n+++ b/b.py\n"), default)).Response!.Text;

        new[] { "a.py", "b.py" }.ShouldContain(JsonNode.Parse(text)!["issues"]![0]!["file"]!.GetValue<string>());
    }

    [Fact]
    public async Task JsonMode_NoShape_IsAGenericObject()
    {
        SimulatedProvider provider = Create();

        string text = (await provider.CompleteAsync(Request("Answer in JSON.", "hello"), default)).Response!.Text;

        JsonObject answer = JsonNode.Parse(text)!.AsObject();
        answer["simulated"]!.GetValue<bool>().ShouldBeTrue();
        answer["text"]!.GetValue<string>().ShouldStartWith("Simulated");
    }

    [Fact]
    public async Task TextMode_IsUnchanged()
    {
        SimulatedProvider provider = Create();
        ProviderRequest request = Request(Shape, "hello");
        request.Request.ResponseFormat = null;

        string text = (await provider.CompleteAsync(request, default)).Response!.Text;

        text.ShouldStartWith("Simulated answer");
    }

    private static SimulatedProvider Create() =>
        new("sim", new ProviderOptions { Kind = "simulated" }, TimeProvider.System, text => BpeEncoding.O200kBase.CountTokens(text));

    private static ProviderRequest Request(string system, string prompt)
    {
        var chat = new ChatRequest { Model = "sim/m", ResponseFormat = new ResponseFormat(ResponseFormatKind.JsonObject), MaxTokens = 2000 };
        chat.System.Add(new TextPart(system));
        chat.Messages.Add(ChatMessage.FromText(ChatRole.User, prompt));
        return new ProviderRequest(chat, new Deployment("sim", "m"), TimeSpan.FromSeconds(30));
    }
}
