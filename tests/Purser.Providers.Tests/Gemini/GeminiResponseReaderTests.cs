using System.Text;
using System.Text.Json;
using Purser.Chat;
using Purser.Providers.Gemini;
using Purser.Usage;

namespace Purser.Providers.Tests.Gemini;

public sealed class GeminiResponseReaderTests
{
    private static ChatResponse Read(string json) => GeminiResponseReader.Read(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Read_TextAnswer_MapsIdModelTextAndUsage()
    {
        ChatResponse response = Read("""
            {"candidates":[{"content":{"parts":[{"text":"Hello"},{"text":", world."}],"role":"model"},"finishReason":"STOP","index":0}],
             "usageMetadata":{"promptTokenCount":8,"candidatesTokenCount":4,"totalTokenCount":12,"promptTokensDetails":[{"modality":"TEXT","tokenCount":8}]},
             "modelVersion":"gemini-2.5-flash","responseId":"mBz5aKqrLc2n1dkP7q2x4Ac"}
            """);

        response.Id.ShouldBe("mBz5aKqrLc2n1dkP7q2x4Ac");
        response.Model.ShouldBe("gemini-2.5-flash");
        response.Content.Count.ShouldBe(1);
        response.Text.ShouldBe("Hello, world.");
        response.FinishReason.ShouldBe(FinishReason.Stop);
        response.Usage.ShouldBe(new TokenUsage(8, 4));
    }

    [Fact]
    public void Read_CachedAndThoughtTokens_CountCachedInsidePromptAndThoughtsAsOutput()
    {
        ChatResponse response = Read("""
            {"candidates":[{"content":{"parts":[{"text":"**Weighing options**","thought":true},{"text":"42"}],"role":"model"},"finishReason":"STOP"}],
             "usageMetadata":{"promptTokenCount":12000,"cachedContentTokenCount":10000,"candidatesTokenCount":150,"thoughtsTokenCount":900,"totalTokenCount":13050},
             "modelVersion":"gemini-2.5-pro","responseId":"r1"}
            """);

        response.Usage.ShouldBe(new TokenUsage(inputTokens: 12000, outputTokens: 1050, cachedInputTokens: 10000, reasoningTokens: 900));
        response.Usage.UncachedInputTokens.ShouldBe(2000);
        response.Usage.NonReasoningOutputTokens.ShouldBe(150);
        response.Content[0].ShouldBeOfType<ThinkingPart>().Text.ShouldBe("**Weighing options**");
        response.Content[1].ShouldBeOfType<TextPart>().Text.ShouldBe("42");
    }

    [Fact]
    public void Read_ToolUsePromptTokens_CountAsInput()
    {
        ChatResponse response = Read("""
            {"candidates":[{"content":{"parts":[{"text":"x"}],"role":"model"},"finishReason":"STOP"}],
             "usageMetadata":{"promptTokenCount":100,"toolUsePromptTokenCount":30,"candidatesTokenCount":5,"totalTokenCount":135}}
            """);

        response.Usage.InputTokens.ShouldBe(130);
    }

    [Fact]
    public void Read_FunctionCalls_BecomeToolCallsWithUniqueIdsAndJsonArguments()
    {
        ChatResponse response = Read("""
            {"candidates":[{"content":{"parts":[
               {"functionCall":{"name":"get_weather","args":{"city":"Paris","units":"celsius"}}},
               {"functionCall":{"name":"get_time","args":{}}},
               {"functionCall":{"id":"fc-7","name":"noop"}}],"role":"model"},"finishReason":"STOP"}],
             "usageMetadata":{"promptTokenCount":50,"candidatesTokenCount":20,"totalTokenCount":70}}
            """);

        response.FinishReason.ShouldBe(FinishReason.ToolCalls);
        var calls = response.Content.OfType<ToolCallPart>().ToList();
        calls.Count.ShouldBe(3);
        calls[0].Name.ShouldBe("get_weather");
        JsonDocument.Parse(calls[0].Arguments).RootElement.GetProperty("city").GetString().ShouldBe("Paris");
        calls[1].Arguments.ShouldBe("{}");
        calls[2].Id.ShouldBe("fc-7");
        calls[2].Arguments.ShouldBe("{}");
        calls[0].Id.ShouldStartWith("call_");
        calls[0].Id.ShouldNotBe(calls[1].Id);
    }

    [Fact]
    public void Read_FunctionCallWithThoughtSignature_KeepsTheSignatureInTheId()
    {
        ChatResponse response = Read("""
            {"candidates":[{"content":{"parts":[{"functionCall":{"name":"f","args":{"a":1}},"thoughtSignature":"CiQBcsjafA+/x9Yzmw=="}],"role":"model"},"finishReason":"STOP"}]}
            """);

        var call = response.Content.ShouldHaveSingleItem().ShouldBeOfType<ToolCallPart>();
        GeminiToolCallIds.Split(call.Id).Signature.ShouldBe("CiQBcsjafA+/x9Yzmw==");
    }

    [Fact]
    public void Read_BlockedPrompt_IsAnEmptyContentFilterAnswer()
    {
        ChatResponse response = Read("""
            {"promptFeedback":{"blockReason":"SAFETY","safetyRatings":[{"category":"HARM_CATEGORY_DANGEROUS_CONTENT","probability":"HIGH"}]},
             "usageMetadata":{"promptTokenCount":9,"totalTokenCount":9},"modelVersion":"gemini-2.5-flash","responseId":"b1"}
            """);

        response.FinishReason.ShouldBe(FinishReason.ContentFilter);
        response.Content.ShouldBeEmpty();
        response.Usage.ShouldBe(new TokenUsage(9, 0));
    }

    [Theory]
    [InlineData("SAFETY", FinishReason.ContentFilter)]
    [InlineData("RECITATION", FinishReason.ContentFilter)]
    [InlineData("PROHIBITED_CONTENT", FinishReason.ContentFilter)]
    [InlineData("SPII", FinishReason.ContentFilter)]
    [InlineData("BLOCKLIST", FinishReason.ContentFilter)]
    [InlineData("MAX_TOKENS", FinishReason.Length)]
    [InlineData("MALFORMED_FUNCTION_CALL", FinishReason.Other)]
    [InlineData("OTHER", FinishReason.Other)]
    public void Read_FinishReason_MapsToCanonical(string wire, object expectedValue)
    {
        var expected = (FinishReason)expectedValue;
        ChatResponse response = Read($$"""{"candidates":[{"finishReason":"{{wire}}","index":0}]}""");

        response.FinishReason.ShouldBe(expected);
        response.Content.ShouldBeEmpty();
    }

    [Fact]
    public void Read_NotAGenerateContentResponse_Throws()
    {
        Should.Throw<JsonException>(() => Read("""{"hello":"world"}"""));
        Should.Throw<JsonException>(() => Read("[1,2]"));
    }

    [Fact]
    public void Read_PartsOrContentOfTheWrongType_Throws()
    {
        Should.Throw<JsonException>(() => Read("""{"candidates":[{"content":{"parts":"x"},"finishReason":"STOP"}]}"""));
        Should.Throw<JsonException>(() => Read("""{"candidates":[{"content":"x","finishReason":"STOP"}]}"""));
    }

    [Fact]
    public void Read_CandidateWithoutParts_IsAnEmptyAnswer()
    {
        ChatResponse response = Read("""{"candidates":[{"content":{"role":"model"},"finishReason":"MAX_TOKENS"}]}""");

        response.Content.ShouldBeEmpty();
    }
}
