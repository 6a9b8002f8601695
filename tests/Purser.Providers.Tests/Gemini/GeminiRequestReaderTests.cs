using System.Text;
using Purser.Chat;
using Purser.Providers.Gemini;
using Purser.Providers.Json;

namespace Purser.Providers.Tests.Gemini;

public sealed class GeminiRequestReaderTests
{
    private static ChatRequest Read(string json, bool stream = false) => GeminiRequestReader.Read(Encoding.UTF8.GetBytes(json), "oa/gpt-4o-mini", stream);

    [Fact]
    public void Read_GeminiCliShapes_MapsEverything()
    {
        ChatRequest request = Read("""
            {"contents":[{"role":"user","parts":[{"text":"list files"}]},
               {"role":"model","parts":[{"text":"thinking…","thought":true,"thoughtSignature":"sig1"},{"functionCall":{"name":"ls","args":{"dir":"."}}}]},
               {"role":"user","parts":[{"functionResponse":{"name":"ls","response":{"output":"a.txt"}}},{"text":"and now?"}]}],
             "systemInstruction":{"parts":[{"text":"You are Gemini CLI."}]},
             "tools":[{"functionDeclarations":[{"name":"ls","parametersJsonSchema":{"type":"OBJECT","properties":{"dir":{"type":"STRING","nullable":true}}}}]}],
             "toolConfig":{"functionCallingConfig":{"mode":"ANY","allowedFunctionNames":["ls"]}},
             "generationConfig":{"temperature":1,"topP":0.95,"topK":64,"maxOutputTokens":500,"stopSequences":["END"],
               "responseMimeType":"application/json","responseJsonSchema":{"type":"OBJECT","properties":{"n":{"type":"INTEGER"}}},
               "thinkingConfig":{"includeThoughts":true,"thinkingLevel":"HIGH"}}}
            """, stream: true);

        request.Model.ShouldBe("oa/gpt-4o-mini");
        request.Stream.ShouldBeTrue();
        request.SourceProtocol.ShouldBe(WireProtocol.Gemini);
        request.System.Single().Text.ShouldBe("You are Gemini CLI.");
        request.Messages.Select(m => m.Role).ShouldBe([ChatRole.User, ChatRole.Assistant, ChatRole.Tool, ChatRole.User]);
        request.Messages[1].Content[0].ShouldBeOfType<ThinkingPart>().Signature.ShouldBe("sig1");
        ToolCallPart call = request.Messages[1].Content[1].ShouldBeOfType<ToolCallPart>();
        ToolResultPart result = request.Messages[2].Content.Single().ShouldBeOfType<ToolResultPart>();
        result.ToolCallId.ShouldBe(call.Id); // matched by name: neither side had an id
        result.JoinedText().ShouldBe("a.txt");
        request.Tools!.Single().Parameters!.ToJsonString().ShouldBe("""{"type":"object","properties":{"dir":{"type":["string","null"]}}}""");
        request.ToolChoice.ShouldBe(new ToolChoice(ToolChoiceKind.Specific, "ls"));
        (request.Temperature, request.TopP, request.TopK, request.MaxTokens).ShouldBe((1d, 0.95, 64, 500));
        request.Stop.ShouldBe(["END"]);
        request.ResponseFormat!.Kind.ShouldBe(ResponseFormatKind.JsonSchema);
        request.ResponseFormat.Schema!.ToJsonString().ShouldContain("\"integer\"");
        request.ReasoningEffort.ShouldBe("high");
        request.ShowThinking.ShouldBeTrue();
    }

    [Fact]
    public void Read_FunctionResponseWithId_AnswersThatCall_AndSnakeCaseNamesAreRead()
    {
        ChatRequest request = Read("""
            {"contents":[{"role":"model","parts":[{"function_call":{"id":"a","name":"f","args":{}}},{"functionCall":{"id":"b","name":"f","args":{}}}]},
               {"role":"user","parts":[{"function_response":{"id":"b","name":"f","response":{"error":"boom"}}}]}],
             "generation_config":{"max_output_tokens":9,"thinking_config":{"thinking_budget":0}}}
            """);

        ToolResultPart result = request.Messages[1].Content.Single().ShouldBeOfType<ToolResultPart>();
        result.ToolCallId.ShouldBe("b");
        result.IsError.ShouldBeTrue();
        result.JoinedText().ShouldBe("boom");
        request.MaxTokens.ShouldBe(9);
        request.ReasoningEffort.ShouldBe("none");
    }

    [Fact]
    public void Read_BuiltInToolsAndNonImageParts_AreKeptForThePolicyAndTheWriters()
    {
        ChatRequest request = Read("""
            {"contents":[{"parts":[{"text":"x"},{"inlineData":{"mimeType":"application/pdf","data":"AAAA"}},{"inlineData":{"mimeType":"image/png","data":"AAAA"}}]}],
             "tools":[{"googleSearch":{}}]}
            """);

        request.Extensions.ShouldContainKey("tools[0]:googleSearch");
        request.Messages[0].Content[1].ShouldBeOfType<OpaquePart>();
        request.Messages[0].Content[2].ShouldBeOfType<ImagePart>().MediaType.ShouldBe("image/png");
    }

    [Fact]
    public void ReadCountTokens_TakesContentsOrAWholeRequest()
    {
        GeminiRequestReader.ReadCountTokens("""{"contents":[{"parts":[{"text":"x"}]}]}"""u8, "m").Messages.Count.ShouldBe(1);
        GeminiRequestReader.ReadCountTokens("""{"generateContentRequest":{"model":"models/other","contents":[{"parts":[{"text":"x"}]}],"systemInstruction":{"parts":[{"text":"s"}]}}}"""u8, "m")
            .System.Single().Text.ShouldBe("s");
    }

    [Theory]
    [InlineData("""{}""", "contents")]
    [InlineData("""{"contents":[]}""", "contents")]
    [InlineData("""{"contents":[{"role":"system","parts":[{"text":"x"}]}]}""", "contents[0].role")]
    [InlineData("""{"contents":[{"role":"user","parts":[{"functionCall":{"name":"f"}}]}]}""", "contents[0].parts[0]")]
    [InlineData("""{"contents":[{"parts":[{"text":"x"}]}],"generationConfig":{"temperature":3}}""", "generationConfig.temperature")]
    [InlineData("""{"contents":[{"parts":[{"text":"x"}]}],"generationConfig":{"thinkingConfig":{"thinkingLevel":"EXTREME"}}}""", "generationConfig.thinkingConfig.thinkingLevel")]
    [InlineData("""{"contents":[{"parts":[{"inlineData":{"mimeType":"image/png","data":"not base64!"}}]}]}""", "contents[0].parts[0].inlineData.data")]
    public void Read_Invalid_ThrowsNamingTheField(string json, string param)
    {
        Should.Throw<InvalidRequestException>(() => Read(json)).Param.ShouldBe(param);
    }
}
