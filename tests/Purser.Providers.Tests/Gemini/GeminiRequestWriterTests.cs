using System.Text;
using System.Text.Json.Nodes;
using Purser.Chat;
using Purser.Providers.Gemini;
using Purser.Providers.Json;
using Purser.Providers.OpenAI;

namespace Purser.Providers.Tests.Gemini;

public sealed class GeminiRequestWriterTests
{
    private static ChatRequest FromOpenAI(string json) => OpenAIRequestReader.Read(Encoding.UTF8.GetBytes(json));

    private static JsonObject Write(ChatRequest request, string model = "gemini-2.5-flash") =>
        JsonNode.Parse(GeminiRequestWriter.Write(request, model))!.AsObject();

    private static ChatRequest Anthropic(params ChatMessage[] messages)
    {
        var request = new ChatRequest { Model = "claude-sonnet-4-5", SourceProtocol = WireProtocol.AnthropicMessages, MaxTokens = 1024 };
        request.Messages.AddRange(messages);
        return request;
    }

    [Fact]
    public void Write_OpenAISystemAndTurns_MapsToSystemInstructionAndAlternatingContents()
    {
        ChatRequest request = FromOpenAI("""
            {"model":"gemini","messages":[
              {"role":"system","content":"Be terse."},
              {"role":"developer","content":"Answer in French."},
              {"role":"user","content":"Hi"},
              {"role":"assistant","content":"Bonjour"},
              {"role":"user","content":[{"type":"text","text":"How are "},{"type":"text","text":"you?"}]}]}
            """);

        JsonObject body = Write(request);

        body["systemInstruction"]!.ToJsonString().ShouldBe("""{"parts":[{"text":"Be terse."},{"text":"Answer in French."}]}""");
        body["contents"]!.ToJsonString().ShouldBe(
            """[{"role":"user","parts":[{"text":"Hi"}]},{"role":"model","parts":[{"text":"Bonjour"}]},{"role":"user","parts":[{"text":"How are "},{"text":"you?"}]}]""");
        body.ContainsKey("generationConfig").ShouldBeFalse();
        body.ContainsKey("model").ShouldBeFalse(); // the model is in the URL
    }

    [Fact]
    public void Write_OpenAIToolLoop_WritesFunctionCallsAndResponsesWithNamesLookedUp()
    {
        ChatRequest request = FromOpenAI("""
            {"model":"gemini","messages":[
              {"role":"user","content":"Weather in Paris and Rome?"},
              {"role":"assistant","content":null,"tool_calls":[
                {"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}},
                {"id":"call_2","type":"function","function":{"name":"get_time","arguments":"{\"city\":\"Rome\"}"}}]},
              {"role":"tool","tool_call_id":"call_2","content":"{\"time\":\"12:00\"}"},
              {"role":"tool","tool_call_id":"call_1","content":"sunny, 21 C"}],
             "tools":[
               {"type":"function","function":{"name":"get_weather","description":"Current weather","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"],"additionalProperties":false},"strict":true}},
               {"type":"function","function":{"name":"get_time","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}],
             "tool_choice":"required"}
            """);

        JsonObject body = Write(request);

        JsonArray contents = body["contents"]!.AsArray();
        contents.Count.ShouldBe(3);
        contents[1]!.ToJsonString().ShouldBe(
            """{"role":"model","parts":[{"functionCall":{"id":"call_1","name":"get_weather","args":{"city":"Paris"}}},{"functionCall":{"id":"call_2","name":"get_time","args":{"city":"Rome"}}}]}""");
        contents[2]!.ToJsonString().ShouldBe(
            """{"role":"user","parts":[{"functionResponse":{"id":"call_2","name":"get_time","response":{"output":{"time":"12:00"}}}},{"functionResponse":{"id":"call_1","name":"get_weather","response":{"output":"sunny, 21 C"}}}]}""");
        body["tools"]!.ToJsonString().ShouldBe(
            """[{"functionDeclarations":[{"name":"get_weather","description":"Current weather","parameters":{"type":"OBJECT","properties":{"city":{"type":"STRING"}},"required":["city"]}},{"name":"get_time","parameters":{"type":"OBJECT","properties":{"city":{"type":"STRING"}}}}]}]""");
        body["toolConfig"]!.ToJsonString().ShouldBe("""{"functionCallingConfig":{"mode":"ANY"}}""");
    }

    [Theory]
    [InlineData("\"auto\"", """{"functionCallingConfig":{"mode":"AUTO"}}""")]
    [InlineData("\"none\"", """{"functionCallingConfig":{"mode":"NONE"}}""")]
    [InlineData("""{"type":"function","function":{"name":"lookup"}}""", """{"functionCallingConfig":{"mode":"ANY","allowedFunctionNames":["lookup"]}}""")]
    public void Write_ToolChoice_MapsToFunctionCallingMode(string toolChoice, string expected)
    {
        ChatRequest request = FromOpenAI("""
            {"model":"g","messages":[{"role":"user","content":"x"}],
             "tools":[{"type":"function","function":{"name":"lookup","parameters":{"type":"object","properties":{"q":{"type":"string"}}}}}],
             "tool_choice":TOOL_CHOICE}
            """.Replace("TOOL_CHOICE", toolChoice, StringComparison.Ordinal));

        Write(request)["toolConfig"]!.ToJsonString().ShouldBe(expected);
    }

    [Fact]
    public void Write_ToolWithoutArguments_OmitsParameters()
    {
        ChatRequest request = FromOpenAI("""
            {"model":"g","messages":[{"role":"user","content":"x"}],
             "tools":[{"type":"function","function":{"name":"now","parameters":{"type":"object","properties":{}}}},{"type":"function","function":{"name":"ping"}}]}
            """);

        Write(request)["tools"]!.ToJsonString().ShouldBe("""[{"functionDeclarations":[{"name":"now"},{"name":"ping"}]}]""");
    }

    [Fact]
    public void Write_ToolResultForUnknownCall_ThrowsNamingTheResult()
    {
        ChatRequest request = FromOpenAI("""
            {"model":"g","messages":[{"role":"user","content":"x"},{"role":"tool","tool_call_id":"call_9","content":"42"}]}
            """);

        var ex = Should.Throw<InvalidRequestException>(() => Write(request));
        ex.Message.ShouldContain("call_9");
        ex.Message.ShouldContain("name");
        ex.Param.ShouldBe("messages[1].content[0]");
    }

    [Fact]
    public void Write_ToolCallArgumentsNotAnObject_Throws()
    {
        ChatRequest request = Anthropic(
            ChatMessage.FromText(ChatRole.User, "x"),
            new ChatMessage(ChatRole.Assistant, [new ToolCallPart("toolu_1", "f", "[1,2]")]));

        Should.Throw<InvalidRequestException>(() => Write(request)).Message.ShouldContain("not a JSON object");
    }

    [Fact]
    public void Write_AnthropicShapedToolLoop_DropsThinkingMergesTurnsAndMarksErrors()
    {
        ChatRequest request = Anthropic(
            ChatMessage.FromText(ChatRole.User, "Read the file"),
            new ChatMessage(ChatRole.Assistant,
            [
                new ThinkingPart("I should read it.") { Signature = "anthropic-signature" },
                new TextPart("Reading."),
                new ToolCallPart("toolu_01", "read_file", """{"path":"a.txt"}"""),
            ]),
            new ChatMessage(ChatRole.User,
            [
                new ToolResultPart("toolu_01", [new TextPart("no such file")]) { IsError = true },
                new TextPart("Try b.txt instead."),
            ]),
            ChatMessage.FromText(ChatRole.User, "Quickly, please."));
        request.System.Add(new TextPart("You are a file agent."));

        JsonObject body = Write(request);

        body["contents"]!.ToJsonString().ShouldBe(
            """[{"role":"user","parts":[{"text":"Read the file"}]},"""
            + """{"role":"model","parts":[{"text":"Reading."},{"functionCall":{"id":"toolu_01","name":"read_file","args":{"path":"a.txt"}}}]},"""
            + """{"role":"user","parts":[{"functionResponse":{"id":"toolu_01","name":"read_file","response":{"error":"no such file"}}},{"text":"Try b.txt instead."},{"text":"Quickly, please."}]}]""");
        body["generationConfig"]!["maxOutputTokens"]!.GetValue<int>().ShouldBe(1024);
    }

    [Fact]
    public void Write_AssistantTurnWithOnlyThinking_IsLeftOut()
    {
        ChatRequest request = Anthropic(
            ChatMessage.FromText(ChatRole.User, "a"),
            new ChatMessage(ChatRole.Assistant, [new ThinkingPart("hmm")]),
            ChatMessage.FromText(ChatRole.User, "b"));

        Write(request)["contents"]!.ToJsonString().ShouldBe("""[{"role":"user","parts":[{"text":"a"},{"text":"b"}]}]""");
    }

    [Fact]
    public void Write_ToolResultWithImage_Throws()
    {
        ChatRequest request = Anthropic(
            ChatMessage.FromText(ChatRole.User, "x"),
            new ChatMessage(ChatRole.Assistant, [new ToolCallPart("toolu_1", "shot", "{}")]),
            new ChatMessage(ChatRole.User, [new ToolResultPart("toolu_1", [new ImagePart { MediaType = "image/png", Data = "iVBORw0KGgo=" }])]));

        Should.Throw<InvalidRequestException>(() => Write(request)).Message.ShouldContain("tool result");
    }

    [Fact]
    public void Write_Base64Image_BecomesInlineData()
    {
        ChatRequest request = FromOpenAI("""
            {"model":"g","messages":[{"role":"user","content":[{"type":"text","text":"What is this?"},{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}]}]}
            """);

        Write(request)["contents"]![0]!["parts"]![1]!.ToJsonString().ShouldBe("""{"inlineData":{"mimeType":"image/png","data":"iVBORw0KGgo="}}""");
    }

    [Fact]
    public void Write_ImageByHttpUrl_ThrowsNamingTheImageAndWhy()
    {
        ChatRequest request = FromOpenAI("""
            {"model":"g","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"https://example.com/cat.png"}}]}]}
            """);

        var ex = Should.Throw<InvalidRequestException>(() => Write(request));
        ex.Param.ShouldBe("messages[0].content[0]");
        ex.Message.ShouldContain("https://example.com/cat.png");
        ex.Message.ShouldContain("base64");
    }

    [Theory]
    [InlineData("gs://bucket/cat.png")]
    [InlineData("https://generativelanguage.googleapis.com/v1beta/files/abc123")]
    public void Write_ImageByGoogleUri_BecomesFileData(string uri)
    {
        ChatRequest request = Anthropic(new ChatMessage(ChatRole.User, [new ImagePart { Url = uri, MediaType = "image/png" }]));

        Write(request)["contents"]![0]!["parts"]![0]!.ToJsonString().ShouldBe("""{"fileData":{"mimeType":"image/png","fileUri":"URI"}}""".Replace("URI", uri, StringComparison.Ordinal));
    }

    [Fact]
    public void Write_SamplingParameters_GoToGenerationConfig()
    {
        ChatRequest request = FromOpenAI("""
            {"model":"g","messages":[{"role":"user","content":"x"}],"max_tokens":300,"temperature":0.2,"top_p":0.9,
             "stop":["END","###"],"seed":7,"presence_penalty":0.5,"frequency_penalty":-0.5}
            """);
        request.TopK = 40;

        Write(request)["generationConfig"]!.ToJsonString().ShouldBe(
            """{"stopSequences":["END","###"],"maxOutputTokens":300,"temperature":0.2,"topP":0.9,"topK":40,"seed":7,"presencePenalty":0.5,"frequencyPenalty":-0.5}""");
    }

    [Fact]
    public void Write_MoreThanFiveStopSequences_Throws()
    {
        ChatRequest request = Anthropic(ChatMessage.FromText(ChatRole.User, "x"));
        request.Stop = ["a", "b", "c", "d", "e", "f"];

        Should.Throw<InvalidRequestException>(() => Write(request)).Param.ShouldBe("stop");
    }

    [Fact]
    public void Write_JsonObjectMode_SetsJsonMimeType()
    {
        ChatRequest request = FromOpenAI("""{"model":"g","messages":[{"role":"user","content":"x"}],"response_format":{"type":"json_object"}}""");

        Write(request)["generationConfig"]!.ToJsonString().ShouldBe("""{"responseMimeType":"application/json"}""");
    }

    [Fact]
    public void Write_JsonSchemaMode_ConvertsTheSchemaToGeminis()
    {
        ChatRequest request = FromOpenAI("""
            {"model":"g","messages":[{"role":"user","content":"x"}],"response_format":{"type":"json_schema","json_schema":{"name":"person","strict":true,
              "schema":{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","additionalProperties":false,
                "properties":{"name":{"type":"string"},"age":{"type":["integer","null"]},"tags":{"type":"array","items":{"type":"string"}}},
                "required":["name","age","tags"]}}}}
            """);

        Write(request)["generationConfig"]!.ToJsonString().ShouldBe(
            """{"responseMimeType":"application/json","responseSchema":{"type":"OBJECT","properties":{"name":{"type":"STRING"},"age":{"type":"INTEGER","nullable":true},"tags":{"type":"ARRAY","items":{"type":"STRING"}}},"propertyOrdering":["name","age","tags"],"required":["name","age","tags"]}}""");
    }

    [Fact]
    public void Write_ThinkingBudget_SetsBudgetAndAsksForThoughts()
    {
        ChatRequest request = Anthropic(ChatMessage.FromText(ChatRole.User, "Prove it."));
        request.ThinkingBudgetTokens = 4096;

        Write(request)["generationConfig"]!["thinkingConfig"]!.ToJsonString().ShouldBe("""{"thinkingBudget":4096,"includeThoughts":true}""");
    }

    [Theory]
    [InlineData("gemini-2.5-flash", "low", """{"thinkingBudget":2048}""")]
    [InlineData("gemini-2.5-flash", "minimal", """{"thinkingBudget":0}""")]
    [InlineData("gemini-2.5-pro", "minimal", """{"thinkingBudget":128}""")]
    [InlineData("gemini-3-pro-preview", "high", """{"thinkingLevel":"high"}""")]
    [InlineData("models/gemini-3-flash-preview", "low", """{"thinkingLevel":"low"}""")]
    public void Write_ReasoningEffort_MapsToBudgetOrLevelByModel(string model, string effort, string expected)
    {
        ChatRequest request = FromOpenAI("""{"model":"g","messages":[{"role":"user","content":"x"}],"reasoning_effort":"EFFORT"}""".Replace("EFFORT", effort, StringComparison.Ordinal));

        Write(request, model)["generationConfig"]!["thinkingConfig"]!.ToJsonString().ShouldBe(expected);
    }

    [Fact]
    public void Write_UnknownReasoningEffort_Throws()
    {
        ChatRequest request = FromOpenAI("""{"model":"g","messages":[{"role":"user","content":"x"}],"reasoning_effort":"extreme"}""");

        Should.Throw<InvalidRequestException>(() => Write(request)).Param.ShouldBe("reasoning_effort");
    }

    [Fact]
    public void Write_UntranslatableExtensionField_Throws()
    {
        ChatRequest request = FromOpenAI("""{"model":"g","messages":[{"role":"user","content":"x"}],"logprobs":true}""");

        var ex = Should.Throw<InvalidRequestException>(() => Write(request));
        ex.Param.ShouldBe("logprobs");
        ex.Message.ShouldContain("Gemini");
    }

    [Fact]
    public void Write_OpaqueContent_Throws()
    {
        ChatRequest request = FromOpenAI("""
            {"model":"g","messages":[{"role":"user","content":[{"type":"input_audio","input_audio":{"data":"AAAA","format":"wav"}}]}]}
            """);

        Should.Throw<InvalidRequestException>(() => Write(request)).Message.ShouldContain("input_audio");
    }

    [Fact]
    public void Write_ToolCallIdCarryingSignature_SendsTheSignatureBackAndThePlainId()
    {
        string id = GeminiToolCallIds.Compose("call_abc", "c2lnbmF0dXJl+/==");
        ChatRequest request = Anthropic(
            ChatMessage.FromText(ChatRole.User, "x"),
            new ChatMessage(ChatRole.Assistant, [new ToolCallPart(id, "f", "{}")]),
            new ChatMessage(ChatRole.Tool, [new ToolResultPart(id, [new TextPart("ok")])]));

        JsonArray contents = Write(request, "gemini-3-pro-preview")["contents"]!.AsArray();

        JsonNode part = contents[1]!["parts"]![0]!;
        part["functionCall"]!.ToJsonString().ShouldBe("""{"id":"call_abc","name":"f","args":{}}""");
        part["thoughtSignature"]!.GetValue<string>().ShouldBe("c2lnbmF0dXJl+/==");
        contents[2]!["parts"]![0]!["functionResponse"]!["id"]!.GetValue<string>().ShouldBe("call_abc");
    }

    [Theory]
    [InlineData("gemini-3-pro-preview", true)]
    [InlineData("gemini-2.5-flash", false)]
    public void Write_CallsWithoutSignature_GetThePlaceholderOnGemini3Only(string model, bool expectPlaceholder)
    {
        ChatRequest request = Anthropic(
            ChatMessage.FromText(ChatRole.User, "x"),
            new ChatMessage(ChatRole.Assistant, [new ToolCallPart("call_1", "f", "{}"), new ToolCallPart("call_2", "g", "{}")]),
            new ChatMessage(ChatRole.Tool, [new ToolResultPart("call_1", [new TextPart("1")]), new ToolResultPart("call_2", [new TextPart("2")])]));

        JsonArray parts = Write(request, model)["contents"]![1]!["parts"]!.AsArray();

        parts[0]!.AsObject().ContainsKey("thoughtSignature").ShouldBe(expectPlaceholder);
        if (expectPlaceholder)
        {
            parts[0]!["thoughtSignature"]!.GetValue<string>().ShouldBe("skip_thought_signature_validator");
        }

        parts[1]!.AsObject().ContainsKey("thoughtSignature").ShouldBeFalse(); // only the first call of a step carries one
    }

    [Fact]
    public void Write_DoesNotModifyTheClientsToolSchema()
    {
        ChatRequest request = FromOpenAI("""
            {"model":"g","messages":[{"role":"user","content":"x"}],
             "tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object","properties":{"a":{"type":"string"}},"additionalProperties":false}}}]}
            """);
        string before = request.Tools![0].Parameters!.ToJsonString();

        Write(request);

        request.Tools[0].Parameters!.ToJsonString().ShouldBe(before);
    }

    [Fact]
    public void Write_NonAsciiText_IsWrittenAsUtf8NotEscaped()
    {
        ChatRequest request = Anthropic(ChatMessage.FromText(ChatRole.User, "Température à Zürich: 21 °C — 東京?"));

        string raw = Encoding.UTF8.GetString(GeminiRequestWriter.Write(request, "gemini-2.5-flash"));

        raw.ShouldContain("Température à Zürich: 21 °C — 東京?");
    }
}
