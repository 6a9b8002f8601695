using Purser.Providers.Gemini;

namespace Purser.Providers.Tests.Gemini;

public sealed class GeminiToolCallIdsTests
{
    [Fact]
    public void Compose_ThenSplit_GivesBackIdAndSignature()
    {
        const string signature = "CiQBcsjafA+/x9Yzmw==";

        string composed = GeminiToolCallIds.Compose("call_1", signature);
        var (id, back) = GeminiToolCallIds.Split(composed);

        id.ShouldBe("call_1");
        back.ShouldBe(signature);
        composed.ShouldMatch("^[A-Za-z0-9_-]+$"); // Anthropic's tool_use id rule
        GeminiToolCallIds.Strip(composed).ShouldBe("call_1");
    }

    [Fact]
    public void Split_PlainId_HasNoSignature()
    {
        GeminiToolCallIds.Split("toolu_01").ShouldBe(("toolu_01", (string?)null));
        GeminiToolCallIds.Compose("call_2", null).ShouldBe("call_2");
    }

    [Fact]
    public void New_IsUnique()
    {
        string a = GeminiToolCallIds.New();
        string b = GeminiToolCallIds.New();

        a.ShouldStartWith("call_");
        a.ShouldNotBe(b);
    }
}
