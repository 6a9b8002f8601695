using System.Text;
using Purser.Chat;
using Purser.Providers.Anthropic;
using Purser.Providers.Json;

namespace Purser.Providers.Tests.Anthropic;

public sealed class AnthropicRequestReaderTests
{
    private static ChatRequest Read(string json) => AnthropicRequestReader.Read(Encoding.UTF8.GetBytes(json));

    private static InvalidRequestException Fails(string json) => Should.Throw<InvalidRequestException>(() => Read(json));

    [Theory]
    [InlineData("""{"max_tokens":10,"messages":[{"role":"user","content":"hi"}]}""", "model")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"hi"}]}""", "max_tokens")]
    [InlineData("""{"model":"m","max_tokens":10}""", "messages")]
    [InlineData("""{"model":"m","max_tokens":10,"messages":[]}""", "messages")]
    [InlineData("""{"model":5,"max_tokens":10,"messages":[{"role":"user","content":"hi"}]}""", "model")]
    [InlineData("""{"model":"m","max_tokens":"10","messages":[{"role":"user","content":"hi"}]}""", "max_tokens")]
    [InlineData("""{"model":"m","max_tokens":-1,"messages":[{"role":"user","content":"hi"}]}""", "max_tokens")]
    [InlineData("""{"model":"m","max_tokens":1.5,"messages":[{"role":"user","content":"hi"}]}""", "max_tokens")]
    [InlineData("""{"model":"m","max_tokens":10,"messages":{"role":"user"}}""", "messages")]
    [InlineData("""{"model":"m","max_tokens":10,"messages":["hi"]}""", "messages[0]")]
    [InlineData("""{"model":"m","max_tokens":10,"messages":[{"content":"hi"}]}""", "messages[0].role")]
    [InlineData("""{"model":"m","max_tokens":10,"messages":[{"role":"tool","content":"hi"}]}""", "messages[0].role")]
    [InlineData("""{"model":"m","max_tokens":10,"messages":[{"role":"system","content":[{"type":"image","source":{}}]}]}""", "messages[0].content[0].type")]
    [InlineData("""{"model":"m","max_tokens":10,"messages":[{"role":"user"}]}""", "messages[0].content")]
    [InlineData("""{"model":"m","max_tokens":10,"messages":[{"role":"user","content":7}]}""", "messages[0].content")]
    [InlineData("""{"model":"m","max_tokens":10,"messages":[{"role":"user","content":[{"text":"x"}]}]}""", "messages[0].content[0].type")]
    [InlineData("""{"model":"m","max_tokens":10,"messages":[{"role":"user","content":[{"type":"text"}]}]}""", "messages[0].content[0].text")]
    [InlineData("""{"model":"m","max_tokens":10,"messages":[{"role":"user","content":"a"},{"role":"user","content":[{"type":"image"}]}]}""", "messages[1].content[0].source")]
    [InlineData("""{"model":"m","max_tokens":10,"messages":[{"role":"user","content":[{"type":"image","source":{"type":"base64","data":"AAAA"}}]}]}""", "messages[0].content[0].source.media_type")]
    [InlineData("""{"model":"m","max_tokens":10,"messages":[{"role":"user","content":[{"type":"image","source":{"type":"ftp","url":"x"}}]}]}""", "messages[0].content[0].source.type")]
    [InlineData("""{"model":"m","max_tokens":10,"messages":[{"role":"user","content":[{"type":"tool_result","content":"x"}]}]}""", "messages[0].content[0].tool_use_id")]
    [InlineData("""{"model":"m","max_tokens":10,"messages":[{"role":"user","content":[{"type":"tool_use","id":"a","name":"b","input":{}}]}]}""", "messages[0].content[0].type")]
    [InlineData("""{"model":"m","max_tokens":10,"messages":[{"role":"assistant","content":[{"type":"tool_use","id":"a","name":"b","input":"{}"}]}]}""", "messages[0].content[0].input")]
    [InlineData("""{"model":"m","max_tokens":10,"messages":[{"role":"assistant","content":[{"type":"tool_use","name":"b","input":{}}]}]}""", "messages[0].content[0].id")]
    [InlineData("""{"model":"m","max_tokens":10,"system":5,"messages":[{"role":"user","content":"hi"}]}""", "system")]
    [InlineData("""{"model":"m","max_tokens":10,"system":[{"type":"image"}],"messages":[{"role":"user","content":"hi"}]}""", "system[0].type")]
    [InlineData("""{"model":"m","max_tokens":10,"temperature":1.5,"messages":[{"role":"user","content":"hi"}]}""", "temperature")]
    [InlineData("""{"model":"m","max_tokens":10,"top_k":"5","messages":[{"role":"user","content":"hi"}]}""", "top_k")]
    [InlineData("""{"model":"m","max_tokens":10,"stop_sequences":"x","messages":[{"role":"user","content":"hi"}]}""", "stop_sequences")]
    [InlineData("""{"model":"m","max_tokens":10,"stop_sequences":["x",1],"messages":[{"role":"user","content":"hi"}]}""", "stop_sequences[1]")]
    [InlineData("""{"model":"m","max_tokens":10,"stream":"yes","messages":[{"role":"user","content":"hi"}]}""", "stream")]
    [InlineData("""{"model":"m","max_tokens":10,"metadata":{"user_id":3},"messages":[{"role":"user","content":"hi"}]}""", "metadata.user_id")]
    [InlineData("""{"model":"m","max_tokens":10,"tools":[{"name":"f"}],"messages":[{"role":"user","content":"hi"}]}""", "tools[0].input_schema")]
    [InlineData("""{"model":"m","max_tokens":10,"tools":[{"input_schema":{}}],"messages":[{"role":"user","content":"hi"}]}""", "tools[0].name")]
    [InlineData("""{"model":"m","max_tokens":10,"tool_choice":{"type":"required"},"messages":[{"role":"user","content":"hi"}]}""", "tool_choice.type")]
    [InlineData("""{"model":"m","max_tokens":10,"tool_choice":{"type":"tool"},"messages":[{"role":"user","content":"hi"}]}""", "tool_choice.name")]
    [InlineData("""{"model":"m","max_tokens":10,"thinking":{"type":"enabled"},"messages":[{"role":"user","content":"hi"}]}""", "thinking.budget_tokens")]
    [InlineData("""{"model":"m","max_tokens":5000,"thinking":{"type":"enabled","budget_tokens":100},"messages":[{"role":"user","content":"hi"}]}""", "thinking.budget_tokens")]
    [InlineData("""{"model":"m","max_tokens":10,"thinking":{"type":"on"},"messages":[{"role":"user","content":"hi"}]}""", "thinking.type")]
    public void Read_InvalidField_ThrowsNamingItsPath(string json, string param)
    {
        Fails(json).Param.ShouldBe(param);
    }

    [Fact]
    public void Read_NotJson_ThrowsWithoutParam()
    {
        InvalidRequestException ex = Fails("{\"model\":");
        ex.Param.ShouldBeNull();
        ex.Message.ShouldContain("not valid JSON");
    }

    [Fact]
    public void ReadCountTokens_WithoutMaxTokens_Parses()
    {
        ChatRequest request = AnthropicRequestReader.ReadCountTokens("""{"model":"m","messages":[{"role":"user","content":"hi"}]}"""u8);

        request.MaxTokens.ShouldBeNull();
        request.Messages.Single().Text.ShouldBe("hi");
    }

    [Fact]
    public void Read_FullRequest_MapsEveryField()
    {
        ChatRequest request = Read("""
            {
              "model": "claude-sonnet-4-5",
              "max_tokens": 2048,
              "system": [{"type":"text","text":"Be brief.","cache_control":{"type":"ephemeral"}},{"type":"text","text":"Use metric units."}],
              "messages": [{"role":"user","content":"How far is the moon?"}],
              "temperature": 0.3,
              "top_p": 0.9,
              "top_k": 40,
              "stop_sequences": ["END", "STOP"],
              "stream": true,
              "metadata": {"user_id": "user-42"},
              "thinking": {"type": "enabled", "budget_tokens": 1024},
              "tool_choice": {"type": "any", "disable_parallel_tool_use": true},
              "tools": [{"name":"lookup","description":"Looks up","input_schema":{"type":"object","properties":{"q":{"type":"string"}}}}],
              "container": "container_1",
              "service_tier": "auto"
            }
            """);

        request.SourceProtocol.ShouldBe(WireProtocol.AnthropicMessages);
        request.Raw.ShouldNotBeNull();
        request.Model.ShouldBe("claude-sonnet-4-5");
        request.MaxTokens.ShouldBe(2048);
        request.System.Select(s => s.Text).ShouldBe(["Be brief.", "Use metric units."]);
        request.Messages.Single().Role.ShouldBe(ChatRole.User);
        request.Messages[0].Text.ShouldBe("How far is the moon?");
        request.Temperature.ShouldBe(0.3);
        request.TopP.ShouldBe(0.9);
        request.TopK.ShouldBe(40);
        request.Stop.ShouldBe(["END", "STOP"]);
        request.Stream.ShouldBeTrue();
        request.User.ShouldBe("user-42");
        request.ThinkingBudgetTokens.ShouldBe(1024);
        request.ToolChoice.ShouldBe(ToolChoice.Required);
        request.ParallelToolCalls.ShouldBe(false);
        ToolDefinition tool = request.Tools.ShouldHaveSingleItem();
        tool.Name.ShouldBe("lookup");
        tool.Description.ShouldBe("Looks up");
        tool.Parameters!["properties"]!["q"]!["type"]!.GetValue<string>().ShouldBe("string");
        request.Extensions.Keys.ShouldBe(["container", "service_tier"], ignoreOrder: true);
    }

    [Fact]
    public void Read_SystemString_BecomesOneSystemPart()
    {
        ChatRequest request = Read("""{"model":"m","max_tokens":5,"system":"You are terse.","messages":[{"role":"user","content":"hi"}]}""");

        request.System.ShouldHaveSingleItem().Text.ShouldBe("You are terse.");
    }

    [Fact]
    public void Read_UserTurnWithToolResults_SplitsIntoToolThenUserMessage()
    {
        ChatRequest request = Read("""
            {"model":"m","max_tokens":100,"messages":[
              {"role":"user","content":"Weather in Paris and Rome?"},
              {"role":"assistant","content":[
                {"type":"text","text":"Checking."},
                {"type":"tool_use","id":"toolu_1","name":"weather","input":{"city":"Paris"}},
                {"type":"tool_use","id":"toolu_2","name":"weather","input":{"city":"Rome"}}]},
              {"role":"user","content":[
                {"type":"tool_result","tool_use_id":"toolu_1","content":"18C"},
                {"type":"text","text":"Also, which is warmer?"},
                {"type":"tool_result","tool_use_id":"toolu_2","is_error":true,"content":[{"type":"text","text":"timeout"},{"type":"image","source":{"type":"url","url":"https://example.com/r.png"}}]}]}
            ]}
            """);

        request.Messages.Select(m => m.Role).ShouldBe([ChatRole.User, ChatRole.Assistant, ChatRole.Tool, ChatRole.User]);
        ChatMessage assistant = request.Messages[1];
        assistant.Content[0].ShouldBeOfType<TextPart>().Text.ShouldBe("Checking.");
        ToolCallPart call = assistant.Content[1].ShouldBeOfType<ToolCallPart>();
        call.Id.ShouldBe("toolu_1");
        call.Name.ShouldBe("weather");
        call.Arguments.ShouldBe("""{"city":"Paris"}""");

        ChatMessage tool = request.Messages[2];
        tool.Content.Count.ShouldBe(2);
        var first = tool.Content[0].ShouldBeOfType<ToolResultPart>();
        first.ToolCallId.ShouldBe("toolu_1");
        first.JoinedText().ShouldBe("18C");
        first.IsError.ShouldBeFalse();
        var second = tool.Content[1].ShouldBeOfType<ToolResultPart>();
        second.ToolCallId.ShouldBe("toolu_2");
        second.IsError.ShouldBeTrue();
        second.Content[0].ShouldBeOfType<TextPart>().Text.ShouldBe("timeout");
        second.Content[1].ShouldBeOfType<ImagePart>().Url.ShouldBe("https://example.com/r.png");

        request.Messages[3].Text.ShouldBe("Also, which is warmer?");
        request.LatestUserText().ShouldBe("Also, which is warmer?");
    }

    [Fact]
    public void Read_UserTurnOnlyToolResults_HasNoEmptyUserMessage()
    {
        ChatRequest request = Read("""
            {"model":"m","max_tokens":100,"messages":[
              {"role":"user","content":"x"},
              {"role":"assistant","content":[{"type":"tool_use","id":"t","name":"f","input":{}}]},
              {"role":"user","content":[{"type":"tool_result","tool_use_id":"t"}]}]}
            """);

        request.Messages.Select(m => m.Role).ShouldBe([ChatRole.User, ChatRole.Assistant, ChatRole.Tool]);
        request.Messages[2].Content.ShouldHaveSingleItem().ShouldBeOfType<ToolResultPart>().Content.ShouldBeEmpty();
    }

    [Fact]
    public void Read_Images_MapsBase64AndUrlSources()
    {
        ChatRequest request = Read("""
            {"model":"m","max_tokens":100,"messages":[{"role":"user","content":[
              {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo="}},
              {"type":"image","source":{"type":"url","url":"https://example.com/cat.jpg"}},
              {"type":"image","source":{"type":"file","file_id":"file_1"}},
              {"type":"text","text":"Compare."}]}]}
            """);

        List<ContentPart> parts = request.Messages.Single().Content;
        var inline = parts[0].ShouldBeOfType<ImagePart>();
        inline.MediaType.ShouldBe("image/png");
        inline.Data.ShouldBe("iVBORw0KGgo=");
        inline.Url.ShouldBeNull();
        parts[1].ShouldBeOfType<ImagePart>().Url.ShouldBe("https://example.com/cat.jpg");
        parts[2].ShouldBeOfType<OpaquePart>().Type.ShouldBe("image");
        parts[3].ShouldBeOfType<TextPart>().Text.ShouldBe("Compare.");
    }

    [Fact]
    public void Read_ThinkingBlocksAndOpaqueBlocks_AreKept()
    {
        ChatRequest request = Read("""
            {"model":"m","max_tokens":100,"messages":[
              {"role":"user","content":[{"type":"document","source":{"type":"text","media_type":"text/plain","data":"doc"}},{"type":"text","text":"Summarise."}]},
              {"role":"assistant","content":[
                {"type":"thinking","thinking":"Let me think.","signature":"sig-1"},
                {"type":"redacted_thinking","data":"opaque-data"},
                {"type":"server_tool_use","id":"srvtoolu_1","name":"web_search","input":{"query":"x"}},
                {"type":"text","text":"Done."}]},
              {"role":"user","content":"Thanks"}]}
            """);

        request.Messages[0].Content[0].ShouldBeOfType<OpaquePart>().Type.ShouldBe("document");
        List<ContentPart> assistant = request.Messages[1].Content;
        var thinking = assistant[0].ShouldBeOfType<ThinkingPart>();
        thinking.Text.ShouldBe("Let me think.");
        thinking.Signature.ShouldBe("sig-1");
        assistant[1].ShouldBeOfType<ThinkingPart>().RedactedData.ShouldBe("opaque-data");
        var opaque = assistant[2].ShouldBeOfType<OpaquePart>();
        opaque.Type.ShouldBe("server_tool_use");
        opaque.Origin.ShouldBe(WireProtocol.AnthropicMessages);
        assistant[3].ShouldBeOfType<TextPart>().Text.ShouldBe("Done.");
    }

    [Fact]
    public void Read_ServerTools_GoToExtensionsAndCustomToolsToTools()
    {
        ChatRequest request = Read("""
            {"model":"m","max_tokens":100,"messages":[{"role":"user","content":"hi"}],
             "tools":[{"type":"web_search_20250305","name":"web_search","max_uses":3},
                      {"type":"custom","name":"calc","input_schema":{"type":"object"}},
                      {"type":"bash_20250124","name":"bash"}]}
            """);

        request.Tools.ShouldHaveSingleItem().Name.ShouldBe("calc");
        request.Extensions.Keys.ShouldBe(["tools[0]:web_search_20250305", "tools[2]:bash_20250124"], ignoreOrder: true);
    }

    [Theory]
    [InlineData("""{"type":"auto"}""", ToolChoiceKind.Auto, null)]
    [InlineData("""{"type":"any"}""", ToolChoiceKind.Required, null)]
    [InlineData("""{"type":"none"}""", ToolChoiceKind.None, null)]
    [InlineData("""{"type":"tool","name":"calc"}""", ToolChoiceKind.Specific, "calc")]
    public void Read_ToolChoice_MapsKind(string choice, object kindValue, string? name)
    {
        var kind = (ToolChoiceKind)kindValue;
        ChatRequest request = Read($$"""{"model":"m","max_tokens":10,"messages":[{"role":"user","content":"hi"}],"tool_choice":{{choice}}}""");

        request.ToolChoice!.Kind.ShouldBe(kind);
        request.ToolChoice.Name.ShouldBe(name);
        request.ParallelToolCalls.ShouldBeNull();
    }

    [Theory]
    [InlineData("""{"type":"disabled"}""")]
    [InlineData("""{"type":"adaptive"}""")]
    public void Read_ThinkingNotEnabled_SetsNoBudget(string thinking)
    {
        ChatRequest request = Read($$"""{"model":"m","max_tokens":10,"messages":[{"role":"user","content":"hi"}],"thinking":{{thinking}}}""");

        request.ThinkingBudgetTokens.ShouldBeNull();
        request.Extensions.ShouldNotContainKey("thinking");
    }

    [Fact]
    public void Read_OutputConfigFormat_BecomesJsonSchemaResponseFormat()
    {
        ChatRequest request = Read("""
            {"model":"m","max_tokens":10,"messages":[{"role":"user","content":"hi"}],
             "output_config":{"format":{"type":"json_schema","schema":{"type":"object","properties":{"a":{"type":"integer"}}}}}}
            """);

        request.ResponseFormat!.Kind.ShouldBe(ResponseFormatKind.JsonSchema);
        request.ResponseFormat.Schema!["properties"]!["a"].ShouldNotBeNull();
        request.Extensions.ShouldNotContainKey("output_config");
    }

    [Fact]
    public void Read_OutputConfig_MapsEffortAndFormat_KeepsTheRestAsAnExtension()
    {
        ChatRequest request = Read("""
            {"model":"m","max_tokens":10,"messages":[{"role":"user","content":"hi"}],
             "output_config":{"effort":"low","format":{"type":"json_schema","schema":{"type":"object"}},"task_budget":{"total":5}}}
            """);

        request.ReasoningEffort.ShouldBe("low");
        request.ResponseFormat!.Kind.ShouldBe(ResponseFormatKind.JsonSchema);
        request.Extensions["output_config"]!.ToJsonString().ShouldBe("""{"task_budget":{"total":5}}""");
    }

    [Fact]
    public void Read_ClaudeCodeShapes_SystemMessagesInPlace_AdaptiveThinkingShown_CacheControlNoted()
    {
        ChatRequest request = Read("""
            {"model":"m","max_tokens":64000,"system":[{"type":"text","text":"top","cache_control":{"type":"ephemeral"}}],
             "messages":[{"role":"user","content":"hi"},{"role":"system","content":"mid"},
                         {"role":"system","content":[{"type":"text","text":"blocks"}]}],
             "thinking":{"type":"adaptive"},"output_config":{"effort":"high"},
             "context_management":{"edits":[{"type":"clear_thinking_20251015","keep":"all"}]}}
            """);

        request.System.Single().Text.ShouldBe("top");
        request.Messages.Select(m => (m.Role, m.Text)).ShouldBe([(ChatRole.User, "hi"), (ChatRole.System, "mid"), (ChatRole.System, "blocks")]);
        request.ShowThinking.ShouldBeTrue();
        request.ReasoningEffort.ShouldBe("high");
        request.InnerFields.ShouldContain("cache_control");
        request.Extensions.ShouldContainKey("context_management");
        request.Extensions.ShouldNotContainKey("output_config");
    }

    [Theory]
    [InlineData("""{"type":"adaptive","display":"omitted"}""", false)]
    [InlineData("""{"type":"enabled","budget_tokens":2048}""", true)]
    [InlineData("""{"type":"disabled"}""", false)]
    public void Read_Thinking_ShowsThinkingUnlessOmitted(string thinking, bool shown)
    {
        Read($$"""{"model":"m","max_tokens":4096,"messages":[{"role":"user","content":"hi"}],"thinking":{{thinking}}}""").ShowThinking.ShouldBe(shown);
    }
}
