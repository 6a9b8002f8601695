using Purser.Translation;
using System.Text;
using System.Text.Json.Nodes;
using Purser.Chat;
using Purser.Providers.Anthropic;
using Purser.Providers.Json;
using Purser.Providers.OpenAI;

namespace Purser.Providers.Tests.Anthropic;

public sealed class AnthropicRequestWriterTests
{
    private static JsonObject FromOpenAI(string openAIJson, bool stream = false, int defaultMaxTokens = 4096)
    {
        ChatRequest request = OpenAIRequestReader.Read(Encoding.UTF8.GetBytes(openAIJson));
        return Write(request, stream, defaultMaxTokens);
    }

    private static JsonObject Write(ChatRequest request, bool stream = false, int defaultMaxTokens = 4096) =>
        JsonNode.Parse(AnthropicRequestWriter.Write(request, "claude-upstream", stream, defaultMaxTokens))!.AsObject();

    private static InvalidRequestException FailsFromOpenAI(string openAIJson) =>
        Should.Throw<InvalidRequestException>(() => FromOpenAI(openAIJson));

    [Fact]
    public void Write_AnthropicInbound_PassesThroughUnknownFieldsAndReplacesModel()
    {
        ChatRequest request = AnthropicRequestReader.Read("""
            {"model":"smart","max_tokens":100,"stream":false,"container":"container_9",
             "system":[{"type":"text","text":"Long context","cache_control":{"type":"ephemeral","ttl":"1h"}}],
             "messages":[{"role":"user","content":[{"type":"text","text":"hi","cache_control":{"type":"ephemeral"}}]}],
             "mcp_servers":[{"type":"url","url":"https://mcp.example.com","name":"x"}],
             "future_field":{"nested":[1,2,3]}}
            """u8);

        JsonObject body = Write(request, stream: true);

        body["model"]!.GetValue<string>().ShouldBe("claude-upstream");
        body["stream"]!.GetValue<bool>().ShouldBeTrue();
        body["container"]!.GetValue<string>().ShouldBe("container_9");
        body["system"]![0]!["cache_control"]!["ttl"]!.GetValue<string>().ShouldBe("1h");
        body["messages"]![0]!["content"]![0]!["cache_control"]!["type"]!.GetValue<string>().ShouldBe("ephemeral");
        body["mcp_servers"]![0]!["url"]!.GetValue<string>().ShouldBe("https://mcp.example.com");
        JsonNode.DeepEquals(body["future_field"], JsonNode.Parse("""{"nested":[1,2,3]}""")).ShouldBeTrue();
        body.Select(p => p.Key).Count(k => k == "model").ShouldBe(1);
    }

    [Fact]
    public void Write_PassthroughWithMaxTokensLoweredByAStage_SendsTheLoweredValue()
    {
        ChatRequest request = AnthropicRequestReader.Read("""{"model":"m","max_tokens":64000,"messages":[{"role":"user","content":"hi"}]}"""u8);
        request.MaxTokens = 1000;

        JsonObject body = Write(request);

        body["max_tokens"]!.GetValue<int>().ShouldBe(1000);
        body.Count(p => p.Key == "max_tokens").ShouldBe(1);
    }

    [Fact]
    public void Write_PassthroughWithCascadeTemperatureAndPromptAddition_SendsThem()
    {
        ChatRequest request = AnthropicRequestReader.Read("""{"model":"m","max_tokens":100,"system":"You are terse.","messages":[{"role":"user","content":"hi"}]}"""u8);
        request.Temperature = 0.2;

        JsonObject body = JsonNode.Parse(AnthropicRequestWriter.Write(request, "claude-upstream", stream: false, systemAddition: "Cite line numbers."))!.AsObject();

        body["temperature"]!.GetValue<double>().ShouldBe(0.2);
        body["system"]!.GetValue<string>().ShouldBe("You are terse.\n\nCite line numbers.");
    }

    [Fact]
    public void Write_PassthroughPromptAddition_AppendsABlockToBlockSystemsAndCreatesAMissingOne()
    {
        ChatRequest blocks = AnthropicRequestReader.Read("""{"model":"m","max_tokens":100,"system":[{"type":"text","text":"A","cache_control":{"type":"ephemeral"}}],"messages":[{"role":"user","content":"hi"}]}"""u8);
        ChatRequest none = AnthropicRequestReader.Read("""{"model":"m","max_tokens":100,"temperature":0.5,"messages":[{"role":"user","content":"hi"}]}"""u8);

        JsonObject withBlocks = JsonNode.Parse(AnthropicRequestWriter.Write(blocks, "c", stream: false, systemAddition: "B"))!.AsObject();
        JsonObject withNone = JsonNode.Parse(AnthropicRequestWriter.Write(none, "c", stream: false, systemAddition: "B"))!.AsObject();

        withBlocks["system"]!.AsArray().Select(b => b!["text"]!.GetValue<string>()).ShouldBe(["A", "B"]);
        withBlocks["system"]![0]!["cache_control"].ShouldNotBeNull();
        withNone["system"]!.GetValue<string>().ShouldBe("B");
        withNone["temperature"]!.GetValue<double>().ShouldBe(0.5); // the client's own, untouched
        withNone.Count(p => p.Key == "temperature").ShouldBe(1);
    }

    [Fact]
    public void Write_PassthroughNotStreaming_DropsTheClientsStreamFlag()
    {
        ChatRequest request = AnthropicRequestReader.Read("""{"model":"m","max_tokens":5,"stream":true,"messages":[{"role":"user","content":"hi"}]}"""u8);

        JsonObject body = Write(request, stream: false);

        body.ContainsKey("stream").ShouldBeFalse();
        body["max_tokens"]!.GetValue<int>().ShouldBe(5);
    }

    [Fact]
    public void Write_OpenAISystemAndMultiTurn_TranslatesToMessages()
    {
        JsonObject body = FromOpenAI("""
            {"model":"gpt","max_tokens":300,"temperature":0.2,"top_p":0.8,"stop":["###"],"user":"u-1",
             "messages":[
              {"role":"system","content":"You are a pirate."},
              {"role":"developer","content":"Answer in English."},
              {"role":"user","content":"Hello"},
              {"role":"assistant","content":"Ahoy!"},
              {"role":"user","content":"Where is the treasure?"},
              {"role":"user","content":[{"type":"text","text":"Be precise."}]}]}
            """);

        body["model"]!.GetValue<string>().ShouldBe("claude-upstream");
        body["max_tokens"]!.GetValue<int>().ShouldBe(300);
        body["temperature"]!.GetValue<double>().ShouldBe(0.2);
        body["top_p"]!.GetValue<double>().ShouldBe(0.8);
        body["stop_sequences"]!.AsArray().Select(s => s!.GetValue<string>()).ShouldBe(["###"]);
        body["metadata"]!["user_id"]!.GetValue<string>().ShouldBe("u-1");
        body["system"]!.AsArray().Select(s => s!["text"]!.GetValue<string>()).ShouldBe(["You are a pirate.", "Answer in English."]);
        JsonArray messages = body["messages"]!.AsArray();
        messages.Select(m => m!["role"]!.GetValue<string>()).ShouldBe(["user", "assistant", "user"]);
        messages[0]!["content"]!.GetValue<string>().ShouldBe("Hello");
        messages[1]!["content"]!.GetValue<string>().ShouldBe("Ahoy!");
        messages[2]!["content"]!.AsArray().Select(b => b!["text"]!.GetValue<string>()).ShouldBe(["Where is the treasure?", "Be precise."]);
        body.ContainsKey("stream").ShouldBeFalse();
        body.ContainsKey("thinking").ShouldBeFalse();
    }

    [Fact]
    public void Write_NoMaxTokens_UsesTheDefault()
    {
        JsonObject body = FromOpenAI("""{"model":"gpt","messages":[{"role":"user","content":"hi"}]}""", defaultMaxTokens: 8192);

        body["max_tokens"]!.GetValue<int>().ShouldBe(8192);
    }

    [Fact]
    public void Write_Streaming_SetsStream()
    {
        FromOpenAI("""{"model":"gpt","messages":[{"role":"user","content":"hi"}]}""", stream: true)["stream"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public void Write_ToolCallsAndResults_BecomeToolUseAndToolResultBlocks()
    {
        JsonObject body = FromOpenAI("""
            {"model":"gpt","messages":[
              {"role":"user","content":"Weather in Paris and Rome?"},
              {"role":"assistant","content":null,"tool_calls":[
                {"id":"call_1","type":"function","function":{"name":"weather","arguments":"{\"city\":\"Paris\"}"}},
                {"id":"call_2","type":"function","function":{"name":"weather","arguments":""}}]},
              {"role":"tool","tool_call_id":"call_1","content":"18C"},
              {"role":"tool","tool_call_id":"call_2","content":"21C"},
              {"role":"user","content":"Which is warmer?"}],
             "tools":[{"type":"function","function":{"name":"weather","description":"Weather now","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}},
                      {"type":"function","function":{"name":"ping"}}],
             "tool_choice":"auto","parallel_tool_calls":false}
            """);

        JsonArray messages = body["messages"]!.AsArray();
        messages.Select(m => m!["role"]!.GetValue<string>()).ShouldBe(["user", "assistant", "user"]);
        JsonArray calls = messages[1]!["content"]!.AsArray();
        calls.Count.ShouldBe(2);
        calls[0]!["type"]!.GetValue<string>().ShouldBe("tool_use");
        calls[0]!["id"]!.GetValue<string>().ShouldBe("call_1");
        calls[0]!["name"]!.GetValue<string>().ShouldBe("weather");
        calls[0]!["input"]!["city"]!.GetValue<string>().ShouldBe("Paris");
        calls[1]!["input"]!.AsObject().Count.ShouldBe(0);

        JsonArray results = messages[2]!["content"]!.AsArray();
        results.Select(b => b!["type"]!.GetValue<string>()).ShouldBe(["tool_result", "tool_result", "text"]);
        results[0]!["tool_use_id"]!.GetValue<string>().ShouldBe("call_1");
        results[0]!["content"]!.GetValue<string>().ShouldBe("18C");
        results[1]!["tool_use_id"]!.GetValue<string>().ShouldBe("call_2");
        results[2]!["text"]!.GetValue<string>().ShouldBe("Which is warmer?");

        JsonArray tools = body["tools"]!.AsArray();
        tools[0]!["name"]!.GetValue<string>().ShouldBe("weather");
        tools[0]!["description"]!.GetValue<string>().ShouldBe("Weather now");
        tools[0]!["input_schema"]!["required"]![0]!.GetValue<string>().ShouldBe("city");
        tools[1]!["input_schema"]!["type"]!.GetValue<string>().ShouldBe("object");
        body["tool_choice"]!["type"]!.GetValue<string>().ShouldBe("auto");
        body["tool_choice"]!["disable_parallel_tool_use"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public void Write_UserThenToolResults_PutsToolResultsFirstInTheMergedTurn()
    {
        var request = new ChatRequest { Model = "x", SourceProtocol = WireProtocol.OpenAIChat };
        request.Messages.Add(new ChatMessage(ChatRole.Assistant, [new ToolCallPart("c1", "f", "{}")]));
        request.Messages.Add(ChatMessage.FromText(ChatRole.User, "Note this."));
        request.Messages.Add(new ChatMessage(ChatRole.Tool, [new ToolResultPart("c1", [new TextPart("ok")]) { IsError = true }]));

        JsonArray content = Write(request)["messages"]![1]!["content"]!.AsArray();

        content.Select(b => b!["type"]!.GetValue<string>()).ShouldBe(["tool_result", "text"]);
        content[0]!["is_error"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Theory]
    [InlineData("\"none\"", "none", null)]
    [InlineData("\"required\"", "any", null)]
    [InlineData("""{"type":"function","function":{"name":"weather"}}""", "tool", "weather")]
    public void Write_ToolChoice_MapsToAnthropicTypes(string choice, string type, string? name)
    {
        JsonObject body = FromOpenAI("""{"model":"gpt","messages":[{"role":"user","content":"hi"}],"tool_choice":""" + choice + """
            ,"tools":[{"type":"function","function":{"name":"weather","parameters":{"type":"object"}}}]}
            """);

        body["tool_choice"]!["type"]!.GetValue<string>().ShouldBe(type);
        body["tool_choice"]!["name"]?.GetValue<string>().ShouldBe(name);
    }

    [Fact]
    public void Write_Images_BecomeUrlAndBase64Sources()
    {
        JsonObject body = FromOpenAI("""
            {"model":"gpt","messages":[{"role":"user","content":[
              {"type":"text","text":"What differs?"},
              {"type":"image_url","image_url":{"url":"https://example.com/a.png","detail":"high"}},
              {"type":"image_url","image_url":{"url":"data:image/jpeg;base64,/9j/4AAQ"}}]}]}
            """);

        JsonArray content = body["messages"]![0]!["content"]!.AsArray();
        content[1]!["type"]!.GetValue<string>().ShouldBe("image");
        content[1]!["source"]!["type"]!.GetValue<string>().ShouldBe("url");
        content[1]!["source"]!["url"]!.GetValue<string>().ShouldBe("https://example.com/a.png");
        content[2]!["source"]!["type"]!.GetValue<string>().ShouldBe("base64");
        content[2]!["source"]!["media_type"]!.GetValue<string>().ShouldBe("image/jpeg");
        content[2]!["source"]!["data"]!.GetValue<string>().ShouldBe("/9j/4AAQ");
    }

    [Fact]
    public void Write_JsonObjectFormat_AppendsAJsonInstructionToTheSystemPrompt()
    {
        JsonObject body = FromOpenAI("""
            {"model":"gpt","messages":[{"role":"system","content":"Extract fields."},{"role":"user","content":"Bob, 42"}],
             "response_format":{"type":"json_object"}}
            """);

        JsonArray system = body["system"]!.AsArray();
        system.Count.ShouldBe(2);
        system[0]!["text"]!.GetValue<string>().ShouldBe("Extract fields.");
        system[1]!["text"]!.GetValue<string>().ShouldContain("JSON object");
        body.ContainsKey("tools").ShouldBeFalse();
    }

    [Fact]
    public void Write_JsonSchemaFormat_ForcesTheJsonResponseTool()
    {
        JsonObject body = FromOpenAI("""
            {"model":"gpt","messages":[{"role":"user","content":"Bob, 42"}],
             "response_format":{"type":"json_schema","json_schema":{"name":"person","strict":true,
               "schema":{"type":"object","properties":{"name":{"type":"string"},"age":{"type":"integer"}},"required":["name","age"]}}}}
            """);

        JsonObject tool = body["tools"]!.AsArray().ShouldHaveSingleItem()!.AsObject();
        tool["name"]!.GetValue<string>().ShouldBe(AnthropicRequestWriter.JsonToolName);
        tool["input_schema"]!["required"]!.AsArray().Count.ShouldBe(2);
        body["tool_choice"]!["type"]!.GetValue<string>().ShouldBe("tool");
        body["tool_choice"]!["name"]!.GetValue<string>().ShouldBe(AnthropicRequestWriter.JsonToolName);
        body["system"]!.GetValue<string>().ShouldContain(AnthropicRequestWriter.JsonToolName);
    }

    [Fact]
    public void Write_JsonSchemaWithOwnTools_RequiresSomeToolCall()
    {
        JsonObject body = FromOpenAI("""
            {"model":"gpt","messages":[{"role":"user","content":"hi"}],
             "tools":[{"type":"function","function":{"name":"lookup","parameters":{"type":"object"}}}],
             "response_format":{"type":"json_schema","json_schema":{"name":"r","schema":{"type":"object"}}}}
            """);

        body["tools"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).ShouldBe(["lookup", AnthropicRequestWriter.JsonToolName]);
        body["tool_choice"]!["type"]!.GetValue<string>().ShouldBe("any");
    }

    [Fact]
    public void Write_JsonSchemaWithAToolNamedJsonResponse_Throws()
    {
        FailsFromOpenAI("""
            {"model":"gpt","messages":[{"role":"user","content":"hi"}],
             "tools":[{"type":"function","function":{"name":"json_response"}}],
             "response_format":{"type":"json_schema","json_schema":{"name":"r","schema":{"type":"object"}}}}
            """).Param.ShouldBe("tools");
    }

    [Fact]
    public void UsesJsonTool_OnlyForTranslatedJsonSchemaRequests()
    {
        ChatRequest openAI = OpenAIRequestReader.Read("""{"model":"m","messages":[{"role":"user","content":"x"}],"response_format":{"type":"json_schema","json_schema":{"name":"r","schema":{"type":"object"}}}}"""u8);
        ChatRequest anthropic = AnthropicRequestReader.Read("""{"model":"m","max_tokens":5,"messages":[{"role":"user","content":"x"}],"output_config":{"format":{"type":"json_schema","schema":{"type":"object"}}}}"""u8);

        AnthropicRequestWriter.UsesJsonTool(openAI).ShouldBeTrue();
        AnthropicRequestWriter.UsesJsonTool(anthropic).ShouldBeFalse();
        Write(anthropic)["output_config"].ShouldNotBeNull(); // native structured output passes through
    }

    [Theory]
    [InlineData("""{"temperature":1.5}""", "temperature")]
    [InlineData("""{"logprobs":true}""", "logprobs")]
    [InlineData("""{"n":2}""", "n")]
    [InlineData("""{"reasoning_effort":"extreme"}""", "reasoning_effort")]
    public void Write_UntranslatableSetting_ThrowsNamingTheField(string extra, string param)
    {
        FailsFromOpenAI(WithFields(extra)).Param.ShouldBe(param);
    }

    [Theory]
    [InlineData("""{"seed":7}""", "seed", "seed")]
    [InlineData("""{"frequency_penalty":0.5}""", "frequency_penalty", "frequency_penalty")]
    [InlineData("""{"presence_penalty":-0.5}""", "presence_penalty", "presence_penalty")]
    [InlineData("""{"reasoning_effort":"high","temperature":0.5}""", "temperature", "temperature")]
    [InlineData("""{"reasoning_effort":"low","top_p":0.5}""", "top_p", "top_p")]
    public void Write_SettingWithoutCounterpart_IsDroppedAndNamed_OrRefusedWhenStrict(string extra, string dropped, string written)
    {
        ChatRequest request = OpenAIRequestReader.Read(Encoding.UTF8.GetBytes(WithFields(extra)));
        var report = new TranslationReport();

        JsonObject body = JsonNode.Parse(AnthropicRequestWriter.Write(request, "claude-upstream", stream: false, report: report))!.AsObject();

        report.Dropped.ShouldBe([dropped]);
        body.ContainsKey(written).ShouldBeFalse();
        Should.Throw<InvalidRequestException>(() => AnthropicRequestWriter.Write(request, "claude-upstream", stream: false, report: new TranslationReport(strict: true)))
            .Param.ShouldBe(dropped);
    }

    [Fact]
    public void Write_ReasoningEffortWithForcedTool_GoesWithoutThinkingAndSaysSo()
    {
        ChatRequest request = OpenAIRequestReader.Read(Encoding.UTF8.GetBytes("""
            {"model":"gpt","reasoning_effort":"medium","messages":[{"role":"user","content":"hi"}],"tool_choice":"required",
             "tools":[{"type":"function","function":{"name":"f"}}]}
            """));
        var report = new TranslationReport();

        JsonObject body = JsonNode.Parse(AnthropicRequestWriter.Write(request, "claude-upstream", stream: false, report: report))!.AsObject();

        body.ContainsKey("thinking").ShouldBeFalse();
        body["tool_choice"]!["type"]!.GetValue<string>().ShouldBe("any");
        report.Dropped.ShouldBe(["reasoning_effort"]);
    }

    private static string WithFields(string extra)
    {
        JsonObject json = JsonNode.Parse("""{"model":"gpt","messages":[{"role":"user","content":"hi"}]}""")!.AsObject();
        foreach (var (name, value) in JsonNode.Parse(extra)!.AsObject())
        {
            json[name] = value?.DeepClone();
        }

        return json.ToJsonString();
    }

    [Fact]
    public void Write_InvalidToolArguments_Throws()
    {
        InvalidRequestException ex = FailsFromOpenAI("""
            {"model":"gpt","messages":[{"role":"user","content":"hi"},
              {"role":"assistant","tool_calls":[{"id":"call_9","type":"function","function":{"name":"f","arguments":"{not json"}}]},
              {"role":"tool","tool_call_id":"call_9","content":"x"}]}
            """);

        ex.Message.ShouldContain("call_9");
    }

    [Fact]
    public void Write_UntranslatableContent_Throws()
    {
        InvalidRequestException ex = FailsFromOpenAI("""
            {"model":"gpt","messages":[{"role":"user","content":[{"type":"input_audio","input_audio":{"data":"AAAA","format":"wav"}}]}]}
            """);

        ex.Message.ShouldContain("input_audio");
    }

    [Fact]
    public void Write_ReasoningEffort_BecomesAThinkingBudgetBelowMaxTokens()
    {
        JsonObject body = FromOpenAI("""{"model":"gpt","reasoning_effort":"medium","max_completion_tokens":20000,"messages":[{"role":"user","content":"hi"}]}""");

        body["thinking"]!["type"]!.GetValue<string>().ShouldBe("enabled");
        body["thinking"]!["budget_tokens"]!.GetValue<int>().ShouldBe(8192);
        body["max_tokens"]!.GetValue<int>().ShouldBe(20000);
    }

    [Fact]
    public void Write_ReasoningEffortWithoutMaxTokens_RaisesTheDefaultAboveTheBudget()
    {
        JsonObject body = FromOpenAI("""{"model":"gpt","reasoning_effort":"high","messages":[{"role":"user","content":"hi"}]}""", defaultMaxTokens: 4096);

        int budget = body["thinking"]!["budget_tokens"]!.GetValue<int>();
        budget.ShouldBe(24576);
        body["max_tokens"]!.GetValue<int>().ShouldBeGreaterThan(budget);
    }

    [Fact]
    public void Write_ReasoningEffortWithSmallMaxTokens_ShrinksOrDropsThinking()
    {
        JsonObject shrunk = FromOpenAI("""{"model":"gpt","reasoning_effort":"high","max_tokens":4000,"messages":[{"role":"user","content":"hi"}]}""");
        JsonObject dropped = FromOpenAI("""{"model":"gpt","reasoning_effort":"low","max_tokens":1500,"messages":[{"role":"user","content":"hi"}]}""");

        shrunk["thinking"]!["budget_tokens"]!.GetValue<int>().ShouldBe(2000);
        shrunk["max_tokens"]!.GetValue<int>().ShouldBe(4000);
        dropped.ContainsKey("thinking").ShouldBeFalse();
    }

    [Fact]
    public void Write_ReasoningEffortContinuingAToolTurnWithoutSignedThinking_GoesWithoutThinking()
    {
        JsonObject body = FromOpenAI("""
            {"model":"gpt","reasoning_effort":"low","max_tokens":8000,"messages":[{"role":"user","content":"hi"},
              {"role":"assistant","tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"{}"}}]},
              {"role":"tool","tool_call_id":"c","content":"x"}],
             "tools":[{"type":"function","function":{"name":"f"}}]}
            """);

        body.ContainsKey("thinking").ShouldBeFalse();
    }

    [Fact]
    public void Write_UnsignedThinkingFromAnotherProvider_IsNotSentBack()
    {
        JsonObject body = FromOpenAI("""
            {"model":"gpt","messages":[{"role":"user","content":"hi"},
              {"role":"assistant","reasoning_content":"hmm","content":"Hello"},{"role":"user","content":"again"}]}
            """);

        body["messages"]![1]!["content"]!.GetValue<string>().ShouldBe("Hello");
    }

    [Fact]
    public void Write_SignedThinkingBuiltInCode_IsSentBackFirst()
    {
        var request = new ChatRequest { Model = "x", SourceProtocol = WireProtocol.Gemini, ThinkingBudgetTokens = 2000, MaxTokens = 5000 };
        request.Messages.Add(ChatMessage.FromText(ChatRole.User, "hi"));
        request.Messages.Add(new ChatMessage(ChatRole.Assistant, [new ThinkingPart("plan") { Signature = "sig" }, new ToolCallPart("c", "f", "{\"a\":1}")]));
        request.Messages.Add(new ChatMessage(ChatRole.Tool, [new ToolResultPart("c", [new TextPart("r")])]));

        JsonObject body = Write(request);

        body["thinking"]!["budget_tokens"]!.GetValue<int>().ShouldBe(2000);
        JsonArray assistant = body["messages"]![1]!["content"]!.AsArray();
        assistant[0]!["type"]!.GetValue<string>().ShouldBe("thinking");
        assistant[0]!["signature"]!.GetValue<string>().ShouldBe("sig");
        assistant[1]!["input"]!["a"]!.GetValue<int>().ShouldBe(1);
    }

    [Theory]
    [InlineData(null, null, null, 4096)]
    [InlineData(2000, null, null, 2000)]
    [InlineData(null, 8000, null, 12096)] // a thinking budget above the default: default + budget
    [InlineData(null, null, "high", 28672)] // high effort: 24,576 + 4,096
    [InlineData(null, 1000, null, 4096)] // a budget that fits under the default leaves it
    public void SentMaxTokens_IsWhatTheTranslatedBodyCarries(int? maxTokens, int? thinking, string? effort, int expected)
    {
        var request = new ChatRequest { MaxTokens = maxTokens, ThinkingBudgetTokens = thinking, ReasoningEffort = effort, SourceProtocol = WireProtocol.OpenAIChat };
        request.Messages.Add(new ChatMessage(ChatRole.User, [new TextPart("hi")]));

        AnthropicRequestWriter.SentMaxTokens(request).ShouldBe(expected);
        Write(request)["max_tokens"]!.GetValue<int>().ShouldBe(expected);
    }
}
